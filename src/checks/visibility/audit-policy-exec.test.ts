import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { auditPolicyExec } from "./audit-policy-exec.ts";

const policy = (rules: unknown[]): KubeObject => ({
  apiVersion: "audit.k8s.io/v1",
  kind: "Policy",
  metadata: { name: "audit" },
  rules,
});
const judge = (rules: unknown[]) => auditPolicyExec.evaluate(contextOf([policy(rules)]))[0];

describe("audit-policy-exec", () => {
  it("passes when every streaming subresource is logged", () => {
    expect(judge([{ level: "Metadata" }])?.status).toBe("pass");
    expect(
      judge([
        { level: "Request", resources: [{ group: "", resources: ["pods/*", "services/proxy"] }] },
      ])?.status,
    ).toBe("pass");
  });

  it("fails a policy that logs exec only for create, missing websocket GETs", () => {
    const result = judge([
      {
        level: "Request",
        verbs: ["create"],
        resources: [{ group: "", resources: ["pods/*", "services/proxy"] }],
      },
    ]);
    expect(result).toMatchObject({ status: "fail", severity: "high" });
    expect(result?.message).toContain("get pods/exec");
  });

  it("fails, as medium, a None for one namespace", () => {
    expect(
      judge([{ level: "None", namespaces: ["kube-system"] }, { level: "Metadata" }]),
    ).toMatchObject({
      status: "fail",
      severity: "medium",
    });
  });
});
