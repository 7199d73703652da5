import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import {
  clusterRoleBinding,
  group,
  roleBinding,
  user,
} from "../../../test/fixtures/rbac/objects.ts";
import { clusterAdminBindings } from "./cluster-admin-bindings.ts";

const masters = group("system:masters");
const alice = user("alice");
const clusterAdmin = { kind: "ClusterRole", name: "cluster-admin" };

describe("cluster-admin-bindings", () => {
  it("passes the bootstrap binding and bindings to other roles", () => {
    const results = clusterAdminBindings.evaluate(
      contextOf([
        clusterRoleBinding("cluster-admin", clusterAdmin, [masters]),
        clusterRoleBinding("v", { kind: "ClusterRole", name: "view" }, [alice]),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it("fails the bootstrap binding once someone else is added to it", () => {
    const [result] = clusterAdminBindings.evaluate(
      contextOf([clusterRoleBinding("cluster-admin", clusterAdmin, [masters, alice])]),
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
        roleBinding("shop", "ops", clusterAdmin, [{ kind: "ServiceAccount", name: "ci" }]),
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
