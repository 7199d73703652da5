import { describe, expect, it } from "vitest";
import { inventoryOf, pod } from "../../../test/helpers/inventory.ts";
import { clusterRole, clusterRoleBinding, user } from "../../../test/fixtures/rbac/objects.ts";
import { res } from "../../../test/fixtures/rbac/requests.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { buildRbacEngine } from "./index.ts";
import type { UserInfo } from "./types.ts";

const node = (name: string): UserInfo => ({
  name: `system:node:${name}`,
  groups: ["system:nodes", "system:authenticated"],
});

const NO_RELATION = (name: string) =>
  `no relationship found between node '${name}' and this object`;

// Pod `web` on node-1 references a Secret four ways, a ConfigMap through a projected volume,
// a claim, and runs as ServiceAccount `app`; pod `db` on node-2 references Secret `db-pass`.
const web = pod("web", {
  nodeName: "node-1",
  serviceAccountName: "app",
  imagePullSecrets: [{ name: "registry" }],
  containers: [
    {
      name: "c",
      envFrom: [{ secretRef: { name: "env-all" } }],
      env: [{ name: "X", valueFrom: { secretKeyRef: { name: "one-key", key: "k" } } }],
    },
  ],
  volumes: [
    { name: "tls", secret: { secretName: "web-tls" } },
    { name: "p", projected: { sources: [{ configMap: { name: "kube-root-ca.crt" } }] } },
    { name: "data", persistentVolumeClaim: { claimName: "data" } },
    { name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } },
  ],
});
const db = pod("db", {
  nodeName: "node-2",
  containers: [
    { name: "c", env: [{ name: "P", valueFrom: { secretKeyRef: { name: "db-pass", key: "p" } } }] },
  ],
});
const pending = pod("pending", {
  containers: [{ name: "c", envFrom: [{ secretRef: { name: "pending-secret" } }] }],
});
const pv: KubeObject = {
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "pv-data" },
  spec: {
    claimRef: { namespace: "default", name: "data" },
    csi: {
      driver: "d",
      volumeHandle: "h",
      nodePublishSecretRef: { namespace: "storage", name: "csi-node" },
      controllerPublishSecretRef: { namespace: "storage", name: "csi-controller" },
    },
  },
};

function engineOf(...objects: KubeObject[]) {
  return buildRbacEngine(inventoryOf(web, db, pending, pv, ...objects));
}

describe("Node authorizer: the graph of pods bound to a node", () => {
  it("lets a node get exactly the Secrets its pods reference, naming the pod", () => {
    const engine = engineOf();
    for (const name of ["registry", "env-all", "one-key", "web-tls"]) {
      const decision = engine.can(node("node-1"), res("get", "secrets", { name }));
      expect(decision.allowed, name).toBe(true);
      expect(decision.reason).toBe("");
      expect(decision.nodeAuthorizer).toMatchObject({
        authorizer: "Node",
        node: "node-1",
        basis: "graph",
        pod: { namespace: "default", name: "web" },
      });
    }
    // Another node's pod's Secret, a pending pod's Secret, and the same name elsewhere: no.
    for (const [who, request] of [
      ["node-1", res("get", "secrets", { name: "db-pass" })],
      ["node-2", res("get", "secrets", { name: "web-tls" })],
      ["node-1", res("get", "secrets", { name: "pending-secret" })],
      ["node-1", res("get", "secrets", { name: "web-tls", namespace: "other" })],
    ] as const) {
      const decision = engine.can(node(who), request);
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toBe(NO_RELATION(who));
    }
    expect(engine.can(node("node-2"), res("get", "secrets", { name: "db-pass" })).allowed).toBe(
      true,
    );
  });

  it("reads Secrets and ConfigMaps with get, list and watch of one name only; never writes them", () => {
    const engine = engineOf();
    expect(
      engine.can(node("node-1"), res("watch", "configmaps", { name: "kube-root-ca.crt" })).allowed,
    ).toBe(true);
    expect(engine.can(node("node-1"), res("list", "secrets", { name: "web-tls" })).allowed).toBe(
      true,
    );
    expect(engine.can(node("node-1"), res("list", "secrets")).reason).toBe("No Object name found");
    expect(engine.can(node("node-1"), res("update", "secrets", { name: "web-tls" })).reason).toBe(
      "can only read resources of this type",
    );
    expect(
      engine.can(node("node-1"), res("get", "secrets", { name: "web-tls", namespace: "" })).reason,
    ).toBe("can only read namespaced object of this type");
  });

  it("follows claim -> PersistentVolume -> its node-side Secrets, get only", () => {
    const engine = engineOf();
    expect(
      engine.can(node("node-1"), res("get", "persistentvolumeclaims", { name: "data" })).allowed,
    ).toBe(true);
    expect(
      engine.can(node("node-1"), res("get", "persistentvolumeclaims", { name: "web-scratch" }))
        .allowed,
    ).toBe(true);
    expect(
      engine.can(node("node-1"), res("list", "persistentvolumeclaims", { name: "data" })).reason,
    ).toBe("can only get individual resources of this type");
    const volume = engine.can(
      node("node-1"),
      res("get", "persistentvolumes", { name: "pv-data", namespace: "" }),
    );
    expect(volume.allowed).toBe(true);
    expect(volume.nodeAuthorizer?.via).toEqual(["PersistentVolumeClaim default/data"]);
    const secret = engine.can(
      node("node-1"),
      res("get", "secrets", { name: "csi-node", namespace: "storage" }),
    );
    expect(secret.allowed).toBe(true);
    expect(secret.nodeAuthorizer?.via).toEqual([
      "PersistentVolumeClaim default/data",
      "PersistentVolume pv-data",
    ]);
    // The controller's secret is not the kubelet's to read.
    expect(
      engine.can(
        node("node-1"),
        res("get", "secrets", { name: "csi-controller", namespace: "storage" }),
      ).allowed,
    ).toBe(false);
    expect(
      engine.can(
        node("node-2"),
        res("get", "persistentvolumes", { name: "pv-data", namespace: "" }),
      ).allowed,
    ).toBe(false);
    // status updates of a linked claim
    expect(
      engine.can(node("node-1"), res("patch", "persistentvolumeclaims/status", { name: "data" }))
        .allowed,
    ).toBe(true);
  });

  it("mints tokens only for the ServiceAccounts of its pods", () => {
    const engine = engineOf();
    expect(
      engine.can(node("node-1"), res("create", "serviceaccounts/token", { name: "app" })).allowed,
    ).toBe(true);
    expect(
      engine.can(node("node-2"), res("create", "serviceaccounts/token", { name: "app" })).reason,
    ).toBe(NO_RELATION("node-2"));
    expect(engine.can(node("node-1"), res("create", "serviceaccounts/token")).reason).toBe(
      "can only create tokens for individual service accounts",
    );
  });

  it("gives nothing through a mirror pod but the pod itself", () => {
    const mirror = pod("static", {
      nodeName: "node-3",
      containers: [{ name: "c", envFrom: [{ secretRef: { name: "s" } }] }],
    });
    const annotated = {
      ...mirror,
      metadata: { ...mirror.metadata, annotations: { "kubernetes.io/config.mirror": "x" } },
    };
    const engine = engineOf(annotated);
    expect(engine.can(node("node-3"), res("get", "secrets", { name: "s" })).allowed).toBe(false);
    expect(engine.can(node("node-3"), res("get", "pods", { name: "static" })).allowed).toBe(true);
  });
});

describe("Node authorizer: own objects, node rules, order with RBAC", () => {
  it("reads only its own Node, Lease and CSINode by name", () => {
    const engine = engineOf();
    expect(
      engine.can(node("node-1"), res("get", "nodes", { name: "node-1", namespace: "" }))
        .nodeAuthorizer?.basis,
    ).toBe("own-object");
    expect(
      engine.can(node("node-1"), res("get", "nodes", { name: "node-2", namespace: "" })).reason,
    ).toBe("node 'node-1' cannot read 'node-2', only its own Node object");
    expect(engine.can(node("node-1"), res("list", "nodes", { namespace: "" })).reason).toBe(
      "node 'node-1' cannot read all nodes, only its own Node object",
    );
    const lease = (name: string, namespace = "kube-node-lease") =>
      res("update", "leases", { apiGroup: "coordination.k8s.io", name, namespace });
    expect(engine.can(node("node-1"), lease("node-1")).allowed).toBe(true);
    expect(engine.can(node("node-1"), lease("node-2")).reason).toBe(
      "can only access node lease with the same name as the requesting node",
    );
    expect(engine.can(node("node-1"), lease("node-1", "default")).reason).toBe(
      'can only access leases in the "kube-node-lease" system namespace',
    );
    expect(
      engine.can(
        node("node-1"),
        res("delete", "csinodes", { apiGroup: "storage.k8s.io", name: "node-1", namespace: "" }),
      ).allowed,
    ).toBe(true);
  });

  it("applies the node rules to everything it does not subdivide, and never to what it does", () => {
    const engine = engineOf();
    const services = engine.can(node("node-9"), res("list", "services"));
    expect(services.allowed).toBe(true);
    expect(services.nodeAuthorizer).toMatchObject({
      basis: "node-rules",
      rule: { resources: ["services"] },
    });
    expect(engine.can(node("node-9"), res("create", "events")).allowed).toBe(true);
    // The system:node rules grant `list secrets`, but secrets are subdivided: no.
    expect(engine.can(node("node-9"), res("list", "secrets")).allowed).toBe(false);
    expect(
      engine.can(node("node-9"), res("delete", "nodes", { name: "node-9", namespace: "" })).reason,
    ).toBe("");
    expect(engine.can(node("node-9"), res("list", "pods")).reason).toBe(
      "can only list/watch pods with spec.nodeName field selector",
    );
  });

  it("needs both the name prefix and the system:nodes group; an empty node name is unknown", () => {
    const engine = engineOf();
    expect(
      engine.can(
        { name: "system:node:node-1", groups: ["system:authenticated"] },
        res("get", "secrets", { name: "web-tls" }),
      ).reason,
    ).toBe("");
    expect(
      engine.can({ name: "node-1", groups: ["system:nodes"] }, res("list", "services")).allowed,
    ).toBe(false);
    expect(
      engine.can({ name: "system:node:", groups: ["system:nodes"] }, res("list", "services"))
        .reason,
    ).toBe('unknown node for user "system:node:"');
  });

  it("lets RBAC allow what the Node authorizer has no opinion on, and joins both reasons on a denial", () => {
    const engine = engineOf(
      clusterRole("secret-reader", [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }]),
      clusterRoleBinding("nodes-read", { kind: "ClusterRole", name: "secret-reader" }, [
        user("system:node:node-2"),
      ]),
      clusterRoleBinding("dangling", { kind: "ClusterRole", name: "missing" }, [
        user("system:node:node-1"),
      ]),
    );
    const viaRbac = engine.can(node("node-2"), res("get", "secrets", { name: "web-tls" }));
    expect(viaRbac.allowed).toBe(true);
    expect(viaRbac.reason).toContain('ClusterRoleBinding "nodes-read"');
    expect(viaRbac.nodeAuthorizer).toBeUndefined();
    const denied = engine.can(node("node-1"), res("get", "secrets", { name: "db-pass" }));
    expect(denied.reason).toBe(
      `${NO_RELATION("node-1")}\nRBAC: clusterrole.rbac.authorization.k8s.io "missing" not found`,
    );
  });

  it("is off when the cluster does not run it: RBAC alone answers", () => {
    const engine = buildRbacEngine(inventoryOf(web), { nodeAuthorizer: false });
    expect(engine.can(node("node-1"), res("get", "secrets", { name: "web-tls" })).allowed).toBe(
      false,
    );
    expect(engine.whoCan(res("get", "secrets", { name: "web-tls" })).nodes).toEqual([]);
  });
});

describe("who-can with nodes", () => {
  it("names the nodes the graph links to an object, and every node for node rules", () => {
    const engine = engineOf(
      pod("web-2", {
        nodeName: "node-2",
        containers: [{ name: "c" }],
        volumes: [{ name: "t", secret: { secretName: "web-tls" } }],
      }),
    );
    const answer = engine.whoCan(res("get", "secrets", { name: "web-tls" }));
    expect(answer.nodes.map((grant) => [grant.node, grant.evidence.pod?.name])).toEqual([
      ["node-1", "web"],
      ["node-2", "web-2"],
    ]);
    expect(
      engine.whoCan(res("get", "secrets", { name: "db-pass" })).nodes.map((g) => g.node),
    ).toEqual(["node-2"]);
    expect(engine.whoCan(res("list", "services")).nodes.map((g) => g.node)).toEqual(["*"]);
    expect(
      engine
        .whoCan(res("get", "nodes", { name: "node-7", namespace: "" }))
        .nodes.map((g) => g.node),
    ).toEqual(["node-7"]);
    expect(engine.whoCan(res("delete", "secrets", { name: "web-tls" })).nodes).toEqual([]);
  });
});
