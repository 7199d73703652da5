import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import { netNamespace, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { hasConn, type Protocol } from "./conn-set.ts";
import { buildNetpolEngine } from "./engine.ts";
import type { Endpoint } from "./model.ts";

// Cilium at L3/L4: each scenario with the rule of Cilium's policy language that decides it.

function cnp(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name, namespace },
    spec,
  };
}

const base = [
  netNamespace("a", { team: "x" }),
  netNamespace("b"),
  netPod("a", "server", { app: "server" }),
  netPod("a", "peer", { app: "peer" }),
  netPod("b", "client", { app: "client" }),
];

function reach(
  objects: KubeObject[],
  from: string,
  to: string,
  port = 8080,
  protocol: Protocol = "TCP",
): boolean {
  const engine = buildNetpolEngine(inventoryOf(...objects), { ipBlockMatchesPodIps: false });
  expect(engine.diagnostics).toEqual([]);
  const find = (ref: string): Endpoint => {
    const [ns = "", name = ""] = ref.split("/");
    const found = engine.findPod(ns, name) ?? engine.endpointForIp(ref);
    if (found === undefined) throw new Error(ref);
    return found;
  };
  const verdict = engine.canReach(find(from), find(to), port, protocol);
  expect(hasConn(engine.allowedConns(find(from), find(to)), protocol, port)).toBe(verdict.allowed);
  return verdict.allowed;
}

describe("CiliumNetworkPolicy", () => {
  it("ingress: [{}] isolates without allowing anything (Cilium's default deny)", () => {
    const deny = cnp("a", "deny", { endpointSelector: {}, ingress: [{}] });
    expect(reach([...base, deny], "a/peer", "a/server")).toBe(false);
  });

  it("fromEndpoints without a namespace label means the policy's namespace", () => {
    const sameNs = cnp("a", "p", {
      endpointSelector: { matchLabels: { app: "server" } },
      ingress: [{ fromEndpoints: [{}] }],
    });
    expect(reach([...base, sameNs], "a/peer", "a/server")).toBe(true);
    expect(reach([...base, sameNs], "b/client", "a/server")).toBe(false);
    const other = cnp("a", "p", {
      endpointSelector: { matchLabels: { app: "server" } },
      ingress: [{ fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "b" } }] }],
    });
    expect(reach([...base, other], "b/client", "a/server")).toBe(true);
  });

  it("toPorts with protocol ANY opens the port on TCP, UDP and SCTP", () => {
    const p = cnp("a", "p", {
      endpointSelector: {},
      ingress: [{ fromEndpoints: [{}], toPorts: [{ ports: [{ port: "53" }] }] }],
    });
    expect(reach([...base, p], "a/peer", "a/server", 53, "UDP")).toBe(true);
    expect(reach([...base, p], "a/peer", "a/server", 53, "SCTP")).toBe(true);
    expect(reach([...base, p], "a/peer", "a/server", 54, "TCP")).toBe(false);
  });

  it("deny rules win over allows, from NetworkPolicy too", () => {
    const allowAll = netPolicy("a", "all", { podSelector: {}, ingress: [{}] });
    const deny = cnp("a", "d", {
      endpointSelector: { matchLabels: { app: "server" } },
      ingressDeny: [
        {
          fromEndpoints: [{ matchLabels: { app: "peer" } }],
          toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }],
        },
      ],
    });
    expect(reach([...base, allowAll, deny], "a/peer", "a/server", 8080)).toBe(false);
    expect(reach([...base, allowAll, deny], "a/peer", "a/server", 9090)).toBe(true);
  });

  it("entities: world is outside the cluster, cluster is every pod", () => {
    const world = cnp("a", "w", { endpointSelector: {}, ingress: [{ fromEntities: ["world"] }] });
    expect(reach([...base, world], "203.0.113.5", "a/server")).toBe(true);
    expect(reach([...base, world], "b/client", "a/server")).toBe(false);
    const cluster = cnp("a", "c", {
      endpointSelector: {},
      ingress: [{ fromEntities: ["cluster"] }],
    });
    expect(reach([...base, cluster], "b/client", "a/server")).toBe(true);
  });

  it("CIDR rules match outside addresses only, with except", () => {
    const cidr = cnp("a", "c", {
      endpointSelector: {},
      egress: [{ toCIDRSet: [{ cidr: "0.0.0.0/0", except: ["203.0.113.0/24"] }] }],
    });
    expect(reach([...base, cidr], "a/server", "198.51.100.1", 443)).toBe(true);
    expect(reach([...base, cidr], "a/server", "203.0.113.1", 443)).toBe(false);
    expect(reach([...base, cidr], "a/server", "a/peer", 443)).toBe(false);
  });

  it("namespace labels are reachable as io.cilium.k8s.namespace.labels.*", () => {
    const clusterwide: KubeObject = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumClusterwideNetworkPolicy",
      metadata: { name: "team-x" },
      spec: {
        endpointSelector: { matchLabels: { "io.cilium.k8s.namespace.labels.team": "x" } },
        ingress: [{ fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "a" } }] }],
      },
    };
    expect(reach([...base, clusterwide], "b/client", "a/server")).toBe(false);
    expect(reach([...base, clusterwide], "a/peer", "a/server")).toBe(true);
  });

  it("enableDefaultDeny false keeps the pod open while deny rules still apply", () => {
    const p = cnp("a", "p", {
      endpointSelector: {},
      enableDefaultDeny: { ingress: false },
      ingressDeny: [
        { fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "b" } }] },
      ],
    });
    expect(reach([...base, p], "a/peer", "a/server")).toBe(true);
    expect(reach([...base, p], "b/client", "a/server")).toBe(false);
  });
});
