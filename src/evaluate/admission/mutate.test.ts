import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../model/kube-object.ts";
import { applyPatch, mutationsFor } from "./mutate.ts";
import { DEFAULT_POLICY, MUTATIONS, type AdmissionPolicy } from "./policy.ts";

const all: AdmissionPolicy = { ...DEFAULT_POLICY, mutations: [...MUTATIONS] };

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "n" }, spec };
}

describe("mutations", () => {
  it("adds the safe defaults to a bare pod, creating missing parents once", () => {
    const object = pod({ containers: [{ name: "c", image: "x" }] });
    const patched = applyPatch(object, mutationsFor(object, all));
    expect(patched.spec).toEqual({
      automountServiceAccountToken: false,
      securityContext: { seccompProfile: { type: "RuntimeDefault" }, runAsNonRoot: true },
      containers: [
        {
          name: "c",
          image: "x",
          securityContext: { capabilities: { drop: ["ALL"] }, allowPrivilegeEscalation: false },
        },
      ],
    });
  });

  it("never changes what the workload set explicitly, unless told to", () => {
    const object = pod({
      automountServiceAccountToken: true,
      securityContext: { runAsNonRoot: false },
      containers: [{ name: "c", image: "x", securityContext: { allowPrivilegeEscalation: true } }],
    });
    const patch = mutationsFor(object, {
      ...all,
      mutations: ["run-as-non-root", "disallow-privilege-escalation", "disable-token-automount"],
    });
    expect(patch).toEqual([]);
    const forced = mutationsFor(object, {
      ...all,
      mutations: ["run-as-non-root"],
      overrideExplicit: true,
    });
    expect(forced).toEqual([
      { op: "replace", path: "/spec/securityContext/runAsNonRoot", value: true },
    ]);
  });

  it("patches a Deployment's pod template and leaves privileged containers' escalation alone", () => {
    const object: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", namespace: "n" },
      spec: {
        template: {
          spec: {
            serviceAccountName: "api",
            containers: [{ name: "c", securityContext: { privileged: true } }],
          },
        },
      },
    };
    const patch = mutationsFor(object, all);
    expect(patch.map((op) => op.path)).toEqual([
      "/spec/template/spec/securityContext",
      "/spec/template/spec/containers/0/securityContext/capabilities",
      "/spec/template/spec/securityContext/runAsNonRoot",
    ]);
  });

  it("produces nothing for kinds without a pod template", () => {
    expect(
      mutationsFor({ apiVersion: "v1", kind: "Service", metadata: { name: "s" } }, all),
    ).toEqual([]);
  });
});
