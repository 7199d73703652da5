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
