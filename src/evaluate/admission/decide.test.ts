import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { parseExceptions } from "../exceptions.ts";
import { decideAdmission, denialMessage } from "./decide.ts";
import { DEFAULT_POLICY, parseAdmissionPolicy, type AdmissionPolicy } from "./policy.ts";

const now = new Date("2026-06-01T00:00:00Z");

function deployment(
  podSpec: Record<string, unknown>,
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "api", namespace: "shop", annotations },
    spec: { template: { metadata: { labels: { app: "api" } }, spec: podSpec } },
  };
}

const privileged = {
  containers: [{ name: "c", image: "x:1", securityContext: { privileged: true } }],
};
const compliant = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  containers: [
    {
      name: "c",
      image: "x:1",
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    },
  ],
};

function policy(text: string): AdmissionPolicy {
  const parsed = parseAdmissionPolicy(text);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.policy;
}

describe("admission decision", () => {
  it("denies a privileged Deployment under the default baseline Pod Security enforcement", () => {
    const decision = decideAdmission({
      object: deployment(privileged),
      checks,
      policy: DEFAULT_POLICY,
      exceptions: [],
      now,
    });
    expect(decision.allowed).toBe(false);
    expect(decision.denied.map((verdict) => verdict.checkId)).toContain("privileged-containers");
    expect(denialMessage(decision)).toMatch(/\[privileged-containers\].*Fix:/);
  });

  it("admits a compliant workload", () => {
    const decision = decideAdmission({
      object: deployment(compliant),
      checks,
      policy: DEFAULT_POLICY,
      exceptions: [],
      now,
    });
    expect(decision.denied).toEqual([]);
    expect(decision.allowed).toBe(true);
  });

  it("turns a control into a warning when the policy says warn", () => {
    const warnOnly = policy(
      "controls:\n  privileged-containers: warn\npodSecurity:\n  level: none\n",
    );
    const decision = decideAdmission({
      object: deployment(privileged),
      checks,
      policy: warnOnly,
      exceptions: [],
      now,
    });
    expect(decision.allowed).toBe(true);
    expect(decision.warned.map((verdict) => verdict.checkId)).toContain("privileged-containers");
  });

  it("lets an exception through until its expiry date", () => {
    const { exceptions } = parseExceptions(
      "exceptions:\n  - checks: ['*']\n    resources: [{ kind: Deployment, name: api }]\n    owner: o\n    reason: r\n    expires: 2026-06-01\n",
      "e.yaml",
    );
    const input = { object: deployment(privileged), checks, policy: DEFAULT_POLICY, exceptions };
    expect(decideAdmission({ ...input, now }).allowed).toBe(true);
    expect(decideAdmission({ ...input, now: new Date("2026-06-02T00:00:00Z") }).allowed).toBe(
      false,
    );
  });

  it("rejects a policy with unknown actions or mutations, naming each", () => {
    const parsed = parseAdmissionPolicy(
      "defaultAction: block\nmutations:\n  enabled: [make-it-safe]\n",
    );
    if (parsed.ok) throw new Error("accepted a bad policy");
    expect(parsed.errors).toHaveLength(2);
    expect(parsed.errors).toContain("defaultAction: expected one of enforce, warn, audit, off");
    expect(parsed.errors.some((error) => error.includes("unknown mutation make-it-safe"))).toBe(
      true,
    );
  });
});
