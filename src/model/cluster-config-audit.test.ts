import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { auditOutcomes, parseAuditPolicy, type AuditRequest } from "./cluster-config-audit.ts";
import type { KubeObject } from "./kube-object.ts";

const source = { kind: "Policy", name: "p" };
const policy = (rules: unknown[]) =>
  parseAuditPolicy(
    { apiVersion: "audit.k8s.io/v1", kind: "Policy", metadata: { name: "p" }, rules },
    source,
  );
const secretsGet: AuditRequest = { verb: "get", group: "", resource: "secrets" };
const levels = (rules: unknown[], request: AuditRequest) =>
  auditOutcomes(policy(rules), request).map((outcome) => [outcome.level, outcome.rule]);

describe("auditOutcomes", () => {
  it("stops at the first unconditional match", () => {
    const rules = [
      { level: "Metadata", resources: [{ group: "", resources: ["secrets"] }] },
      { level: "RequestResponse" },
    ];
    expect(levels(rules, secretsGet)).toEqual([["Metadata", 0]]);
  });

  it("logs nothing (None) when no rule matches", () => {
    expect(levels([{ level: "Metadata", resources: [{ group: "apps" }] }], secretsGet)).toEqual([
      ["None", undefined],
    ]);
  });

  it("continues past rules restricted to users, groups, namespaces or names", () => {
    const outcomes = auditOutcomes(
      policy([
        { level: "None", users: ["system:kube-controller-manager"], resources: [{ group: "" }] },
        { level: "None", namespaces: ["kube-system"] },
        {
          level: "RequestResponse",
          resources: [{ group: "", resources: ["secrets"], resourceNames: ["x"] }],
        },
        { level: "Metadata" },
      ]),
      secretsGet,
    );
    expect(outcomes.map((outcome) => outcome.conditions)).toEqual([
      ["users: system:kube-controller-manager"],
      ["namespaces: kube-system"],
      ["resourceNames: x"],
      [],
    ]);
  });

  it("matches verbs, groups and the wildcard forms like the apiserver", () => {
    const exec: AuditRequest = { verb: "create", group: "", resource: "pods", subresource: "exec" };
    expect(levels([{ level: "Request", verbs: ["get"] }], exec)).toEqual([["None", undefined]]);
    expect(
      levels([{ level: "Request", resources: [{ group: "", resources: ["pods"] }] }], exec),
    ).toEqual([["None", undefined]]);
    for (const resource of ["pods/*", "*/exec", "*", "pods/exec"]) {
      expect(
        levels([{ level: "Request", resources: [{ group: "", resources: [resource] }] }], exec),
      ).toEqual([["Request", 0]]);
    }
    // `pods/*` also matches the pods themselves (the checker trims the suffix and compares).
    const pods: AuditRequest = { verb: "get", group: "", resource: "pods" };
    expect(
      levels([{ level: "Request", resources: [{ group: "", resources: ["pods/*"] }] }], pods),
    ).toEqual([["Request", 0]]);
    expect(levels([{ level: "Request", resources: [{ group: "apps" }] }], pods)).toEqual([
      ["None", undefined],
    ]);
  });

  it("never applies a URL-only rule to a resource request", () => {
    expect(levels([{ level: "RequestResponse", nonResourceURLs: ["*"] }], secretsGet)).toEqual([
      ["None", undefined],
    ]);
  });

  it("reports a rule mixing resources and URLs, which the apiserver rejects", () => {
    const parsed = policy([
      { level: "None", nonResourceURLs: ["/healthz"], resources: [{ group: "" }] },
    ]);
    expect(parsed.problems).toEqual([
      "rules[0]: rules cannot apply to both resources and non-resource URLs",
    ]);
  });

  it("reports an invalid level, which makes the apiserver reject the policy", () => {
    const parsed = policy([{ level: "Verbose" }, { level: "Metadata" }]);
    expect(parsed.problems).toEqual([
      'rules[0]: level "Verbose" is not one of None, Metadata, Request, RequestResponse',
    ]);
    expect(parsed.rules.map((rule) => rule.index)).toEqual([1]);
  });

  it("gives Secrets Metadata and RBAC writes RequestResponse under the fixture policy", () => {
    const object = parse(
      readFileSync("test/fixtures/cluster-config/audit-policy.yaml", "utf8"),
    ) as KubeObject;
    const fixture = parseAuditPolicy({ ...object, metadata: { name: "p" } }, source);
    expect(
      auditOutcomes(fixture, { verb: "watch", group: "", resource: "secrets" }).map((o) => o.level),
    ).toEqual(["Metadata"]);
    expect(
      auditOutcomes(fixture, {
        verb: "patch",
        group: "rbac.authorization.k8s.io",
        resource: "clusterroles",
      }).map((o) => o.level),
    ).toEqual(["RequestResponse"]);
  });
});
