import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { danglingBindings } from "./dangling-bindings.ts";

const rb = (roleKind: string, role: string, subjects: object[]): KubeObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: "b", namespace: "shop" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role },
  subjects,
});
const crb = (roleKind: string, role: string, subjects: object[]): KubeObject => ({
  ...rb(roleKind, role, subjects),
  kind: "ClusterRoleBinding",
  metadata: { name: "c" },
});
const roleIn = (namespace: string): KubeObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: { name: "reader", namespace },
  rules: [],
});
const sa = (name: string): KubeObject => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name, namespace: "shop" },
});
const judge = (...objects: KubeObject[]) => danglingBindings.evaluate(contextOf(objects))[0];

describe("dangling-bindings", () => {
  it("passes a binding to an existing Role and ServiceAccount, and to bootstrap roles", () => {
    expect(
      judge(
        rb("Role", "reader", [{ kind: "ServiceAccount", name: "web" }]),
        roleIn("shop"),
        sa("web"),
      )?.status,
    ).toBe("pass");
    expect(
      judge(
        crb("ClusterRole", "view", [{ kind: "ServiceAccount", name: "default", namespace: "x" }]),
      )?.status,
    ).toBe("pass");
    expect(
      judge(rb("ClusterRole", "system:auth-delegator", [{ kind: "User", name: "anyone" }]))?.status,
    ).toBe("pass");
  });

  it("fails a Role that exists only in another namespace", () => {
    expect(judge(rb("Role", "reader", []), roleIn("other"))).toMatchObject({
      status: "fail",
      evidence: { missing: ["Role shop/reader"] },
    });
  });

  it("fails a missing ServiceAccount and a ClusterRoleBinding subject without namespace", () => {
    expect(
      judge(
        crb("ClusterRole", "view", [
          { kind: "ServiceAccount", name: "ghost", namespace: "shop" },
          { kind: "ServiceAccount", name: "default" },
        ]),
      ),
    ).toMatchObject({
      status: "fail",
      evidence: {
        missing: [
          "ServiceAccount shop/ghost",
          "ServiceAccount (no namespace)/default (no namespace: matches nobody)",
        ],
      },
    });
  });

  it("fails a ClusterRoleBinding that references a Role", () => {
    expect(judge(crb("Role", "reader", []))?.message).toContain("can only bind a ClusterRole");
  });
});
