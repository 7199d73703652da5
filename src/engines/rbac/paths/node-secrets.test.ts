import { describe, expect, it } from "vitest";
import { inventoryOf, pod } from "../../../../test/helpers/inventory.ts";
import { clusterRole, clusterRoleBinding, user } from "../../../../test/fixtures/rbac/objects.ts";
import type { KubeObject } from "../../../model/kube-object.ts";
import { buildRbacEngine } from "../index.ts";

// A compromised node holds its kubelet's credentials; the Node authorizer then hands out the
// Secrets of the pods bound to it, and no others.
const onNode1 = pod("web", {
  nodeName: "node-1",
  containers: [{ name: "c", envFrom: [{ secretRef: { name: "web-env" } }] }],
  volumes: [{ name: "t", secret: { secretName: "web-tls" } }],
});
const onNode2 = pod(
  "db",
  {
    nodeName: "node-2",
    containers: [
      {
        name: "c",
        env: [{ name: "P", valueFrom: { secretKeyRef: { name: "db-pass", key: "p" } } }],
      },
    ],
  },
  "data",
);
const pending = pod("later", {
  containers: [{ name: "c", envFrom: [{ secretRef: { name: "not-yet" } }] }],
});
const proxy = [
  clusterRole("node-proxy", [{ verbs: ["get"], apiGroups: [""], resources: ["nodes/proxy"] }]),
  clusterRoleBinding("alice-proxy", { kind: "ClusterRole", name: "node-proxy" }, [user("alice")]),
];

function findingOf(objects: KubeObject[], impact: string, nodeAuthorizer = true) {
  const engine = buildRbacEngine(inventoryOf(...objects), { nodeAuthorizer });
  return engine
    .escalationPaths()
    .find((finding) => finding.subject.name === "alice" && finding.impact === impact);
}

describe("paths: a compromised node reads the Secrets its pods reference", () => {
  it("adds the Node authorizer's Secrets of every node to node-compromise:all", () => {
    const finding = findingOf([onNode1, onNode2, pending, ...proxy], "node-compromise:all");
    expect(finding?.techniques).toEqual(["nodes-proxy", "read-secrets"]);
    const step = finding?.path.at(-1);
    expect(step?.technique).toBe("read-secrets");
    expect(step?.grants.map((grant) => grant["secret"])).toEqual([
      { namespace: "default", name: "web-env" },
      { namespace: "default", name: "web-tls" },
      { namespace: "data", name: "db-pass" },
    ]);
    expect(step?.grants[0]).toMatchObject({
      authorizer: "Node",
      node: "node-1",
      pod: { namespace: "default", name: "web" },
    });
  });

  it("gives exactly one node's Secrets to node-compromise:<node>", () => {
    const engine = buildRbacEngine(inventoryOf(onNode1, onNode2));
    const graph = engine.nodeGraph;
    if (graph === undefined) throw new Error("Node authorizer on by default");
    expect(graph.objectsOf("node-2", "secret").map((s) => s.name)).toEqual(["db-pass"]);
    expect(graph.objectsOf("node-3", "secret")).toEqual([]);
  });

  it("adds the step to node compromise through a privileged pod (any schedulable node)", () => {
    const creator = [
      clusterRole("pod-maker", [{ verbs: ["create"], apiGroups: [""], resources: ["pods"] }]),
      clusterRoleBinding("alice-pods", { kind: "ClusterRole", name: "pod-maker" }, [user("alice")]),
    ];
    const finding = findingOf([onNode1, ...creator], "node-compromise:any-schedulable");
    expect(finding?.path.at(-1)?.grants.map((grant) => grant["secret"])).toEqual([
      { namespace: "default", name: "web-env" },
      { namespace: "default", name: "web-tls" },
    ]);
  });

  it("adds nothing when no pod is bound to a node, or the cluster runs no Node authorizer", () => {
    expect(
      findingOf([pending, ...proxy], "node-compromise:all")?.path.map((s) => s.technique),
    ).toEqual(["nodes-proxy"]);
    expect(
      findingOf([onNode1, ...proxy], "node-compromise:all", false)?.path.map((s) => s.technique),
    ).toEqual(["nodes-proxy"]);
  });
});
