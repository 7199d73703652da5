import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { rbacWildcards } from "./rbac-wildcards.ts";

const role = (name: string, rules: object[], labels?: Record<string, string>): KubeObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name, ...(labels === undefined ? {} : { labels }) },
  rules,
});

describe("rbac-wildcards", () => {
  it("passes explicit rules", () => {
    const [result] = rbacWildcards.evaluate(
      contextOf([
        role("reader", [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }]),
      ]),
    );
    expect(result?.status).toBe("pass");
  });

  it("fails each wildcard form and says which rule and field", () => {
    const [result] = rbacWildcards.evaluate(
      contextOf([
        role("broad", [
          { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
          { apiGroups: ["*"], resources: ["*/scale"], verbs: ["*"] },
          { nonResourceURLs: ["/logs/*"], verbs: ["get"] },
        ]),
      ]),
    );
    expect(result).toMatchObject({
      status: "fail",
      evidence: {
        rules: [
          { rule: 1, fields: ["verbs", "apiGroups", "resources"] },
          { rule: 2, fields: ["nonResourceURLs"] },
        ],
      },
    });
  });

  it("excuses labeled bootstrap roles only", () => {
    const all = [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }];
    const results = rbacWildcards.evaluate(
      contextOf([
        role("cluster-admin", all, { "kubernetes.io/bootstrapping": "rbac-defaults" }),
        role("system:sneaky", all),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "fail"]);
  });

  it("reads Roles too", () => {
    const results = rbacWildcards.evaluate(
      contextOf([
        {
          ...role("r", [{ apiGroups: [""], resources: ["*"], verbs: ["get"] }]),
          kind: "Role",
          metadata: { name: "r", namespace: "a" },
        },
      ]),
    );
    expect(results[0]).toMatchObject({ status: "fail", target: { kind: "Role", namespace: "a" } });
  });
});
