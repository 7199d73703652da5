import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { auditPolicySecrets } from "./audit-policy-secrets.ts";

const policy = (rules: unknown[]): KubeObject => ({
  apiVersion: "audit.k8s.io/v1",
  kind: "Policy",
  metadata: { name: "audit" },
  rules,
});
const judge = (object: KubeObject) => auditPolicySecrets.evaluate(contextOf([object]))[0];
const secretsAt = (level: string) => ({
  level,
  resources: [
    { group: "", resources: ["secrets", "configmaps"] },
    { group: "authentication.k8s.io", resources: ["tokenreviews"] },
  ],
});

describe("audit-policy-secrets", () => {
  it("passes Metadata for secrets, configmaps and tokenreviews, as in the fixture", () => {
    expect(judge(policy([secretsAt("Metadata"), { level: "RequestResponse" }]))?.status).toBe(
      "pass",
    );
    const fixture = parse(
      readFileSync("test/fixtures/cluster-config/audit-policy.yaml", "utf8"),
    ) as KubeObject;
    expect(judge({ ...fixture, metadata: { name: "fixture" } })?.status).toBe("pass");
  });

  it("fails RequestResponse: secret values would be logged", () => {
    expect(judge(policy([secretsAt("RequestResponse")]))).toMatchObject({
      status: "fail",
      severity: "high",
    });
  });

  it("fails a catch-all Request rule that comes before the Metadata rule", () => {
    const result = judge(policy([{ level: "Request" }, secretsAt("Metadata")]));
    expect(result).toMatchObject({ status: "fail", severity: "high" });
    expect(result?.message).toContain("rules[0]");
  });

  it("fails level None for secrets as unrecorded", () => {
    const result = judge(policy([secretsAt("None")]));
    expect(result).toMatchObject({ status: "fail", severity: "medium" });
    expect(result?.message).toContain("unrecorded");
  });

  it("fails, as low, a None restricted to some users", () => {
    expect(
      judge(
        policy([
          { ...secretsAt("None"), users: ["system:kube-controller-manager"] },
          secretsAt("Metadata"),
        ]),
      ),
    ).toMatchObject({
      status: "fail",
      severity: "low",
    });
  });

  it("fails a policy the apiserver rejects, and skips when no policy was given", () => {
    expect(judge(policy([{ level: "Everything" }]))?.message).toContain("rejects");
    expect(auditPolicySecrets.evaluate(contextOf([]))[0]?.status).toBe("skip");
  });

  it("ignores a Kyverno Policy", () => {
    const kyverno: KubeObject = {
      apiVersion: "kyverno.io/v1",
      kind: "Policy",
      metadata: { name: "k", namespace: "a" },
      spec: {},
    };
    expect(auditPolicySecrets.evaluate(contextOf([kyverno]))[0]?.status).toBe("skip");
  });
});

describe("audit-policy-secrets with the apiserver's flags", () => {
  const apiserver = (...flags: string[]): KubeObject => ({
    apiVersion: "tenet.dev/v1alpha1",
    kind: "KubeApiserverFlags",
    metadata: { name: "apiserver.flags" },
    args: flags,
  });
  const good = policy([secretsAt("Metadata")]);

  it("judges the policy the apiserver names", () => {
    const results = auditPolicySecrets.evaluate(
      contextOf([apiserver("--audit-policy-file=/etc/k/test.yaml"), good]),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: "pass", target: { kind: "Policy", name: "audit" } });
  });

  it("skips when no apiserver sets --audit-policy-file, even with a policy loaded", () => {
    const [result] = auditPolicySecrets.evaluate(
      contextOf([apiserver("--audit-log-path=-"), good]),
    );
    expect(result).toMatchObject({
      status: "skip",
      message: "no observed kube-apiserver sets --audit-policy-file",
    });
  });

  it("skips, naming the path, when the named policy is not given", () => {
    const [result] = auditPolicySecrets.evaluate(
      contextOf([apiserver("--audit-policy-file=/etc/k/audit.yaml")]),
    );
    expect(result?.status).toBe("skip");
    expect(result?.message).toContain("/etc/k/audit.yaml");
  });
});
