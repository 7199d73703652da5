import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { clusterAdminBindings } from "./cluster-admin-bindings.ts";

const binding = (
  kind: string,
  name: string,
  role: string,
  subjects: object[],
  namespace?: string,
): KubeObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind,
  metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects,
});
const masters = { kind: "Group", name: "system:masters" };
const alice = { kind: "User", name: "alice" };

describe("cluster-admin-bindings", () => {
  it("passes the bootstrap binding and bindings to other roles", () => {
    const results = clusterAdminBindings.evaluate(
      contextOf([
        binding("ClusterRoleBinding", "cluster-admin", "cluster-admin", [masters]),
        binding("ClusterRoleBinding", "v", "view", [alice]),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it("fails the bootstrap binding once someone else is added to it", () => {
    const [result] = clusterAdminBindings.evaluate(
      contextOf([
        binding("ClusterRoleBinding", "cluster-admin", "cluster-admin", [masters, alice]),
      ]),
    );
    expect(result).toMatchObject({
      status: "fail",
      severity: "critical",
      evidence: { subjects: ["Group system:masters", "User alice"] },
    });
  });

  it("fails a RoleBinding to cluster-admin as high, naming the namespace", () => {
    const [result] = clusterAdminBindings.evaluate(
      contextOf([
        binding(
          "RoleBinding",
          "ops",
          "cluster-admin",
          [{ kind: "ServiceAccount", name: "ci" }],
          "shop",
        ),
      ]),
    );
    expect(result).toMatchObject({
      status: "fail",
      severity: "high",
      evidence: { subjects: ["ServiceAccount shop/ci"] },
    });
    expect(result?.message).toContain("namespace shop");
  });
});
