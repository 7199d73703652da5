import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { auditPolicyRbac } from "./audit-policy-rbac.ts";

const policy = (rules: unknown[]): KubeObject => ({
  apiVersion: "audit.k8s.io/v1",
  kind: "Policy",
  metadata: { name: "audit" },
  rules,
});
const judge = (rules: unknown[]) => auditPolicyRbac.evaluate(contextOf([policy(rules)]))[0];
const rbac = { group: "rbac.authorization.k8s.io" };

describe("audit-policy-rbac", () => {
  it("passes RBAC writes at RequestResponse or Request", () => {
    expect(judge([{ level: "RequestResponse", resources: [rbac] }])?.status).toBe("pass");
    expect(
      judge([
        {
          level: "Request",
          verbs: ["create", "update", "patch", "delete", "deletecollection"],
          resources: [rbac],
        },
        { level: "None" },
      ])?.status,
    ).toBe("pass");
  });

  it("fails Metadata as low: the change's content is not recorded", () => {
    expect(judge([{ level: "Metadata" }])).toMatchObject({ status: "fail", severity: "low" });
  });

  it("fails when RBAC writes are dropped, naming what", () => {
    const result = judge([
      { level: "RequestResponse", resources: [{ ...rbac, resources: ["roles", "rolebindings"] }] },
    ]);
    expect(result).toMatchObject({ status: "fail", severity: "high" });
    expect(result?.evidence).toEqual({
      gaps: [
        "create,update,patch,delete,deletecollection clusterroles.rbac.authorization.k8s.io,clusterrolebindings.rbac.authorization.k8s.io: None (no rule matches)",
      ],
    });
  });
});
