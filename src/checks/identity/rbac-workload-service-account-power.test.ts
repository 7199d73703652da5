import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { roleBinding, sa } from "../../../test/fixtures/rbac/objects.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { rbacWorkloadServiceAccountPower } from "./rbac-workload-service-account-power.ts";

const deployment = (name: string, account: string): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "shop" },
  spec: { template: { spec: { serviceAccountName: account, containers: [{ name: "c" }] } } },
});

describe("rbac-workload-service-account-power", () => {
  it("fails a workload whose ServiceAccount is admin of its namespace, passes the others", () => {
    const results = rbacWorkloadServiceAccountPower.evaluate(
      contextOf([
        deployment("api", "api"),
        deployment("web", "web"),
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRole",
          metadata: { name: "ns-admin" },
          rules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
        },
        roleBinding("shop", "api-admin", { kind: "ClusterRole", name: "ns-admin" }, [
          sa("", "api"),
        ]),
      ]),
    );
    expect(results.map((r) => [r.target.name, r.status])).toEqual([
      ["api", "fail"],
      ["web", "pass"],
    ]);
    expect(results[0]?.message).toBe(
      "A compromise reaches namespace-admin:shop through ServiceAccount shop/api",
    );
  });
});
