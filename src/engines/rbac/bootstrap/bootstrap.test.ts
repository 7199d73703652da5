import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../../test/helpers/inventory.ts";
import { roleBinding, user } from "../../../../test/fixtures/rbac/objects.ts";
import type { KubeObject } from "../../../model/kube-object.ts";
import { buildRbacEngine } from "../index.ts";
import { impersonatedUser } from "../user-info.ts";
import { bootstrapPolicy } from "./index.ts";

const policy = bootstrapPolicy("v1.36");
const engineOf = (...objects: KubeObject[]) =>
  buildRbacEngine(inventoryOf(...objects), { bootstrap: policy });

describe("the v1.36 bootstrap policy (derived from kube-apiserver v1.36)", () => {
  it("holds the default roles and bindings, all labelled rbac-defaults", () => {
    const names = policy.map((object) => `${object.kind}/${object.metadata.name}`);
    for (const name of [
      "ClusterRole/cluster-admin",
      "ClusterRole/admin",
      "ClusterRole/view",
      "ClusterRoleBinding/system:basic-user",
    ]) {
      expect(names).toContain(name);
    }
    expect(
      policy.every((o) => o.metadata.labels?.["kubernetes.io/bootstrapping"] === "rbac-defaults"),
    ).toBe(true);
  });

  it("lets system:masters and the default discovery grants answer as a fresh cluster does", () => {
    const engine = engineOf();
    const anonymous = impersonatedUser("system:anonymous");
    expect(
      engine.can(anonymous, { kind: "nonResource", verb: "get", path: "/healthz" }).reason,
    ).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    );
    const someone = impersonatedUser("someone");
    const review = {
      kind: "resource",
      verb: "create",
      namespace: "",
      apiGroup: "authorization.k8s.io",
      resource: "selfsubjectaccessreviews",
      subresource: "",
      name: "",
    } as const;
    expect(engine.can(someone, review).allowed).toBe(true);
    expect(
      engine.can(someone, { ...review, verb: "delete", apiGroup: "", resource: "nodes" }).allowed,
    ).toBe(false);
  });

  it("resolves the aggregated admin role: edit's and view's rules reach a RoleBinding to admin", () => {
    const engine = engineOf(
      roleBinding("shop", "alice-admin", { kind: "ClusterRole", name: "admin" }, [user("alice")]),
    );
    const alice = impersonatedUser("alice");
    const decision = engine.can(alice, {
      kind: "resource",
      verb: "create",
      namespace: "shop",
      apiGroup: "apps",
      resource: "deployments",
      subresource: "",
      name: "",
    });
    expect(decision.allowed).toBe(true);
    expect(decision.grants[0]?.aggregatedFrom).toBe("system:aggregate-to-edit");
  });

  it("raises no path finding by itself", () => {
    expect(engineOf().escalationPaths()).toEqual([]);
  });
});
