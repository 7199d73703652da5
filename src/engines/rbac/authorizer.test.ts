import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import {
  clusterRole,
  clusterRoleBinding,
  group,
  role,
  roleBinding,
  sa,
  user,
} from "../../../test/fixtures/rbac/objects.ts";
import { res } from "../../../test/fixtures/rbac/requests.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { buildRbacEngine } from "./index.ts";
import type { UserInfo } from "./types.ts";
import { impersonatedUser } from "./user-info.ts";

function engineOf(...objects: KubeObject[]) {
  return buildRbacEngine(inventoryOf(...objects));
}

const alice: UserInfo = { name: "alice", groups: ["system:authenticated"] };

describe("RBAC authorizer: bindings and scope", () => {
  it("looks a RoleBinding's Role up in the binding's namespace, not another", () => {
    // Role `reader` exists only in `team-b`; the binding in `team-a` refers to a missing role.
    const engine = engineOf(
      role("team-b", "reader", [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }]),
      roleBinding("team-a", "rb", { kind: "Role", name: "reader" }, [user("alice")]),
    );
    const decision = engine.can(alice, res("get", "pods", { namespace: "team-a" }));
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('RBAC: role.rbac.authorization.k8s.io "reader" not found');
  });

  it("grants a ClusterRole bound by a RoleBinding only in that namespace", () => {
    const engine = engineOf(
      clusterRole("pod-reader", [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }]),
      roleBinding("team-a", "rb", { kind: "ClusterRole", name: "pod-reader" }, [user("alice")]),
    );
    const inA = engine.can(alice, res("get", "pods", { namespace: "team-a" }));
    expect(inA.allowed).toBe(true);
    expect(inA.reason).toBe(
      'RBAC: allowed by RoleBinding "rb/team-a" of ClusterRole "pod-reader" to User "alice"',
    );
    expect(inA.grants[0]).toMatchObject({
      binding: { kind: "RoleBinding", namespace: "team-a", name: "rb" },
      role: { kind: "ClusterRole", name: "pod-reader" },
      ruleIndex: 0,
    });
    expect(engine.can(alice, res("get", "pods", { namespace: "team-b" })).allowed).toBe(false);
    // All namespaces ("") is a cluster-scope question: a RoleBinding never answers it.
    expect(engine.can(alice, res("get", "pods", { namespace: "" })).allowed).toBe(false);
  });

  it("never grants cluster-scoped requests or non-resource URLs through a RoleBinding", () => {
    const engine = engineOf(
      clusterRole("all", [
        { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
        { verbs: ["get"], nonResourceURLs: ["*"] },
      ]),
      roleBinding("team-a", "rb", { kind: "ClusterRole", name: "all" }, [user("alice")]),
    );
    expect(engine.can(alice, res("get", "nodes", { namespace: "" })).allowed).toBe(false);
    expect(engine.can(alice, { kind: "nonResource", verb: "get", path: "/healthz" }).allowed).toBe(
      false,
    );
    expect(engine.can(alice, res("delete", "secrets", { namespace: "team-a" })).allowed).toBe(true);
  });

  it("grants a ClusterRoleBinding in every namespace and at cluster scope", () => {
    const engine = engineOf(
      clusterRole("node-reader", [
        { verbs: ["get", "list"], apiGroups: [""], resources: ["nodes", "pods"] },
      ]),
      clusterRoleBinding("crb", { kind: "ClusterRole", name: "node-reader" }, [group("ops")]),
    );
    const ops = { name: "bob", groups: ["ops"] };
    expect(engine.can(ops, res("list", "nodes", { namespace: "" })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "node-reader" to Group "ops"',
    );
    expect(engine.can(ops, res("get", "pods", { namespace: "anything" })).allowed).toBe(true);
  });

  it("ignores a ClusterRoleBinding that refers to a Role (there is no Role at cluster scope)", () => {
    const engine = engineOf(
      role("default", "r", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]),
      clusterRoleBinding("crb", { kind: "Role", name: "r" }, [user("alice")]),
    );
    const decision = engine.can(alice, res("get", "pods"));
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('RBAC: role.rbac.authorization.k8s.io "r" not found');
  });

  it("reports several missing roles once each, bracketed, like an aggregate error", () => {
    const engine = engineOf(
      clusterRoleBinding("a", { kind: "ClusterRole", name: "gone" }, [user("alice")]),
      clusterRoleBinding("b", { kind: "ClusterRole", name: "gone" }, [user("alice")]),
      clusterRoleBinding("c", { kind: "Thing", name: "x" }, [user("alice")]),
    );
    expect(engine.can(alice, res("get", "pods")).reason).toBe(
      'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, unsupported role reference kind: "Thing"]',
    );
  });
});

describe("RBAC authorizer: subjects", () => {
  const pods = [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }];

  it("defaults a ServiceAccount subject's namespace to its RoleBinding's", () => {
    const engine = engineOf(
      role("app", "r", pods),
      roleBinding("app", "rb", { kind: "Role", name: "r" }, [sa("", "builder")]),
    );
    const builder = impersonatedUser("system:serviceaccount:app:builder");
    const decision = engine.can(builder, res("get", "pods", { namespace: "app" }));
    expect(decision.reason).toBe(
      'RBAC: allowed by RoleBinding "rb/app" of Role "r" to ServiceAccount "builder/app"',
    );
    expect(
      engine.can(
        impersonatedUser("system:serviceaccount:other:builder"),
        res("get", "pods", { namespace: "app" }),
      ).allowed,
    ).toBe(false);
  });

  it("never matches a namespace-less ServiceAccount subject of a ClusterRoleBinding", () => {
    const engine = engineOf(
      clusterRole("c", pods),
      clusterRoleBinding("crb", { kind: "ClusterRole", name: "c" }, [sa("", "builder")]),
    );
    for (const namespace of ["default", "kube-system"]) {
      const user = impersonatedUser(`system:serviceaccount:${namespace}:builder`);
      expect(engine.can(user, res("get", "pods", { namespace })).allowed).toBe(false);
    }
  });

  it("lets a ServiceAccount of another namespace be bound by naming its namespace", () => {
    const engine = engineOf(
      role("app", "r", pods),
      roleBinding("app", "rb", { kind: "Role", name: "r" }, [sa("ci", "deployer")]),
    );
    expect(
      engine.can(
        impersonatedUser("system:serviceaccount:ci:deployer"),
        res("get", "pods", { namespace: "app" }),
      ).allowed,
    ).toBe(true);
  });

  it("matches the ServiceAccount groups the authenticator adds", () => {
    const engine = engineOf(
      clusterRole("c", pods),
      clusterRoleBinding("all-sa", { kind: "ClusterRole", name: "c" }, [
        group("system:serviceaccounts:ci"),
      ]),
    );
    expect(
      engine.can(impersonatedUser("system:serviceaccount:ci:x"), res("get", "pods")).allowed,
    ).toBe(true);
    expect(
      engine.can(impersonatedUser("system:serviceaccount:app:x"), res("get", "pods")).allowed,
    ).toBe(false);
    // An explicit group list replaces the fixed ServiceAccount groups (impersonation filter).
    expect(
      engine.can(impersonatedUser("system:serviceaccount:ci:x", ["dev"]), res("get", "pods"))
        .allowed,
    ).toBe(false);
  });

  it("separates authenticated and anonymous users", () => {
    const engine = engineOf(
      clusterRole("c", pods),
      clusterRoleBinding("anon", { kind: "ClusterRole", name: "c" }, [
        group("system:unauthenticated"),
      ]),
    );
    expect(engine.can(impersonatedUser("system:anonymous"), res("get", "pods")).allowed).toBe(true);
    expect(engine.can(impersonatedUser("alice"), res("get", "pods")).allowed).toBe(false);
  });

  it("allows system:masters everything before RBAC, with an empty reason", () => {
    const decision = engineOf().can(
      { name: "root", groups: ["system:masters"] },
      res("delete", "nodes"),
    );
    expect(decision).toMatchObject({ allowed: true, reason: "", privilegedGroup: true });
  });

  it("matches subject kinds case-sensitively and ignores unknown kinds", () => {
    const engine = engineOf(
      clusterRole("c", pods),
      clusterRoleBinding("crb", { kind: "ClusterRole", name: "c" }, [
        { kind: "user", name: "alice" },
      ]),
    );
    expect(engine.can(alice, res("get", "pods")).allowed).toBe(false);
  });

  it("names the first subject of the binding that applies", () => {
    const engine = engineOf(
      clusterRole("c", pods),
      clusterRoleBinding("crb", { kind: "ClusterRole", name: "c" }, [
        group("system:authenticated"),
        user("alice"),
      ]),
    );
    expect(engine.can(alice, res("get", "pods")).reason).toContain(
      'to Group "system:authenticated"',
    );
  });
});

describe("RBAC authorizer: rules", () => {
  const grant = (rule: Parameters<typeof clusterRole>[1][number]) =>
    engineOf(
      clusterRole("c", [rule]),
      clusterRoleBinding("crb", { kind: "ClusterRole", name: "c" }, [user("alice")]),
    );

  it("treats * in verbs, apiGroups and resources as a wildcard", () => {
    const engine = grant({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] });
    expect(
      engine.can(alice, res("escalate", "clusterroles", { apiGroup: "rbac.authorization.k8s.io" }))
        .allowed,
    ).toBe(true);
    // `*` on resources covers subresources too.
    expect(engine.can(alice, res("create", "pods/exec")).allowed).toBe(true);
  });

  it("needs the API group to match: apps deployments are not core deployments", () => {
    const engine = grant({ verbs: ["get"], apiGroups: [""], resources: ["deployments"] });
    expect(engine.can(alice, res("get", "deployments", { apiGroup: "apps" })).allowed).toBe(false);
  });

  it("does not let a resource grant its subresources", () => {
    const engine = grant({ verbs: ["*"], apiGroups: [""], resources: ["pods"] });
    expect(engine.can(alice, res("create", "pods/exec")).allowed).toBe(false);
  });

  it("matches */subresource for any resource, but pods/* is not a wildcard", () => {
    const star = grant({ verbs: ["get"], apiGroups: ["*"], resources: ["*/scale"] });
    expect(star.can(alice, res("get", "deployments/scale", { apiGroup: "apps" })).allowed).toBe(
      true,
    );
    expect(star.can(alice, res("get", "deployments", { apiGroup: "apps" })).allowed).toBe(false);
    const podsStar = grant({ verbs: ["create"], apiGroups: [""], resources: ["pods/*"] });
    expect(podsStar.can(alice, res("create", "pods/exec")).allowed).toBe(false);
    expect(podsStar.can(alice, res("create", "pods/*")).allowed).toBe(true);
  });

  it("never lets resourceNames match a request without a name (create, list, watch)", () => {
    const engine = grant({
      verbs: ["get", "list", "create", "watch"],
      apiGroups: [""],
      resources: ["secrets"],
      resourceNames: ["db"],
    });
    expect(engine.can(alice, res("get", "secrets", { name: "db" })).allowed).toBe(true);
    expect(engine.can(alice, res("get", "secrets", { name: "other" })).allowed).toBe(false);
    expect(engine.can(alice, res("create", "secrets")).allowed).toBe(false);
    expect(engine.can(alice, res("list", "secrets")).allowed).toBe(false);
    // A list filtered by metadata.name carries the name: it matches.
    expect(engine.can(alice, res("list", "secrets", { name: "db" })).allowed).toBe(true);
  });

  it("matches non-resource URLs exactly or by a trailing-* prefix", () => {
    const engine = grant({ verbs: ["get"], nonResourceURLs: ["/healthz", "/logs/*", "/api*"] });
    const url = (path: string) =>
      engine.can(alice, { kind: "nonResource", verb: "get", path }).allowed;
    expect(url("/healthz")).toBe(true);
    expect(url("/healthz/ready")).toBe(false);
    expect(url("/logs/")).toBe(true);
    expect(url("/logs")).toBe(false);
    expect(url("/apis/apps")).toBe(true);
  });

  it("keeps resource rules and non-resource rules apart", () => {
    const engine = grant({ verbs: ["get"], apiGroups: ["*"], resources: ["*"] });
    expect(engine.can(alice, { kind: "nonResource", verb: "get", path: "/healthz" }).allowed).toBe(
      false,
    );
    const urls = grant({ verbs: ["get"], nonResourceURLs: ["*"] });
    expect(urls.can(alice, res("get", "pods")).allowed).toBe(false);
  });
});

describe("aggregated ClusterRoles", () => {
  it("collects the rules of every ClusterRole the selectors match, nested, replacing its own", () => {
    const engine = engineOf(
      clusterRole("admin", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }], {
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "to-admin": "true" } }] },
      }),
      clusterRole("edit", [], {
        labels: { "to-admin": "true" },
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "to-edit": "true" } }] },
      }),
      clusterRole(
        "crd-editor",
        [{ verbs: ["create"], apiGroups: ["example.com"], resources: ["widgets"] }],
        {
          labels: { "to-edit": "true" },
        },
      ),
      clusterRoleBinding("crb", { kind: "ClusterRole", name: "admin" }, [user("alice")]),
    );
    const decision = engine.can(alice, res("create", "widgets", { apiGroup: "example.com" }));
    expect(decision.allowed).toBe(true);
    expect(decision.grants[0]?.aggregatedFrom).toBe("crd-editor");
    // The manifest's own `*` rule of `admin` is what the controller overwrites.
    expect(engine.can(alice, res("delete", "secrets")).allowed).toBe(false);
  });
});
