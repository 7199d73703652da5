import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import type { Protocol } from "./conn-set.ts";
import { buildNetpolEngine, type NetpolOptions } from "./engine.ts";
import type { Endpoint } from "./model.ts";

// One scenario per pitfall of the NetworkPolicy API, each with the reasoning that decides it.

function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  extra: { ip?: string; ports?: unknown[]; hostNetwork?: boolean; nodeName?: string } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: {
      ...(extra.hostNetwork === undefined ? {} : { hostNetwork: extra.hostNetwork }),
      ...(extra.nodeName === undefined ? {} : { nodeName: extra.nodeName }),
      containers: [{ name: "c", ports: extra.ports ?? [] }],
    },
    ...(extra.ip === undefined ? {} : { status: { podIP: extra.ip } }),
  };
}

function policy(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace },
    spec,
  };
}

function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

function reach(
  objects: KubeObject[],
  from: string,
  to: string,
  port: number,
  protocol: Protocol = "TCP",
  options: NetpolOptions = {},
): boolean {
  const engine = buildNetpolEngine(inventoryOf(...objects), options);
  const endpoint = (ref: string): Endpoint => {
    if (ref.startsWith("node/")) {
      const node = engine.findNode(ref.slice(5));
      if (node === undefined) throw new Error(`no ${ref}`);
      return node;
    }
    const [ns = "", name = ""] = ref.split("/");
    const found = engine.findPod(ns, name) ?? engine.endpointForIp(ref);
    if (found === undefined) throw new Error(`no ${ref}`);
    return found;
  };
  const verdict = engine.canReach(endpoint(from), endpoint(to), port, protocol);
  expect(engine.allowedConns(endpoint(from), endpoint(to))).toBeDefined();
  return verdict.allowed;
}

const web = pod("shop", "web", { app: "web" }, { ip: "10.1.0.1" });
const db = pod("shop", "db", { app: "db" }, { ip: "10.1.0.2" });

describe("NetworkPolicy pitfalls", () => {
  it("omitted policyTypes: a policy with only ingress rules does not isolate egress", () => {
    // policyTypes defaults to [Ingress] (+ Egress only when `egress` is present).
    const objects = [web, db, policy("shop", "p", { podSelector: {}, ingress: [] })];
    expect(reach(objects, "shop/web", "shop/db", 80)).toBe(false); // db ingress isolated
    expect(reach(objects, "shop/web", "1.2.3.4", 443)).toBe(true); // egress not isolated
  });

  it("egress: [] present without policyTypes isolates egress (deny all egress)", () => {
    const objects = [
      web,
      db,
      policy("shop", "p", { podSelector: { matchLabels: { app: "web" } }, egress: [] }),
    ];
    expect(reach(objects, "shop/web", "1.2.3.4", 443)).toBe(false);
    expect(reach(objects, "shop/db", "shop/web", 80)).toBe(false); // ingress of web isolated too
  });

  it("policyTypes [Egress] only leaves ingress open even with ingress rules written", () => {
    const objects = [
      web,
      db,
      policy("shop", "p", { podSelector: {}, policyTypes: ["Egress"], ingress: [] }),
    ];
    expect(reach(objects, "1.2.3.4", "shop/db", 80)).toBe(true);
    expect(reach(objects, "shop/web", "shop/db", 80)).toBe(false);
  });

  it("namespaceSelector and podSelector in one peer AND, in two peers OR", () => {
    const other = pod("other", "any", { app: "x" }, { ip: "10.2.0.1" });
    const sameNsX = pod("shop", "x", { app: "x" }, { ip: "10.1.0.9" });
    const and = [
      {
        namespaceSelector: { matchLabels: { team: "a" } },
        podSelector: { matchLabels: { app: "web" } },
      },
    ];
    const or = [
      { namespaceSelector: { matchLabels: { team: "a" } } },
      { podSelector: { matchLabels: { app: "web" } } },
    ];
    const base = [namespace("shop"), namespace("other", { team: "a" }), web, db, other, sameNsX];
    const andObjects = [
      ...base,
      policy("shop", "p", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: and }],
      }),
    ];
    const orObjects = [
      ...base,
      policy("shop", "p", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: or }] }),
    ];
    expect(reach(andObjects, "other/any", "shop/db", 80)).toBe(false); // app=x fails the AND
    expect(reach(andObjects, "shop/web", "shop/db", 80)).toBe(false); // shop lacks team=a
    expect(reach(orObjects, "other/any", "shop/db", 80)).toBe(true);
    expect(reach(orObjects, "shop/web", "shop/db", 80)).toBe(true);
    expect(reach(orObjects, "shop/x", "shop/db", 80)).toBe(false);
  });

  it("a podSelector alone selects in the policy's namespace only", () => {
    const otherWeb = pod("other", "web", { app: "web" }, { ip: "10.2.0.2" });
    const objects = [
      web,
      db,
      otherWeb,
      policy("shop", "p", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
      }),
    ];
    expect(reach(objects, "shop/web", "shop/db", 80)).toBe(true);
    expect(reach(objects, "other/web", "shop/db", 80)).toBe(false);
  });

  it("every namespace carries kubernetes.io/metadata.name, declared or not", () => {
    const otherWeb = pod("other", "web", { app: "web" });
    const objects = [
      web,
      db,
      otherWeb,
      policy("shop", "p", {
        podSelector: {},
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "other" } } },
            ],
          },
        ],
      }),
    ];
    expect(reach(objects, "other/web", "shop/db", 80)).toBe(true);
    expect(reach(objects, "shop/web", "shop/db", 80)).toBe(false);
  });

  it("NotIn and DoesNotExist match a pod that lacks the key", () => {
    const bare = pod("shop", "bare", {});
    const objects = [
      web,
      db,
      bare,
      policy("shop", "p", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [
          {
            from: [
              {
                podSelector: {
                  matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }],
                },
              },
            ],
          },
        ],
      }),
    ];
    expect(reach(objects, "shop/bare", "shop/db", 80)).toBe(true);
    expect(reach(objects, "shop/web", "shop/db", 80)).toBe(false);
  });

  it("named ports resolve on each destination pod, protocol included, across containers", () => {
    const a = pod("shop", "a", { app: "db" }, { ports: [{ name: "sql", containerPort: 5432 }] });
    const b = pod("shop", "b", { app: "db" }, { ports: [{ name: "sql", containerPort: 3306 }] });
    const u = pod(
      "shop",
      "u",
      { app: "db" },
      { ports: [{ name: "sql", containerPort: 5432, protocol: "UDP" }] },
    );
    const objects = [
      web,
      a,
      b,
      u,
      policy("shop", "p", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ ports: [{ port: "sql" }] }],
      }),
    ];
    expect(reach(objects, "shop/web", "shop/a", 5432)).toBe(true);
    expect(reach(objects, "shop/web", "shop/a", 3306)).toBe(false);
    expect(reach(objects, "shop/web", "shop/b", 3306)).toBe(true);
    // The rule's protocol defaults to TCP: a UDP port of the same name does not resolve.
    expect(reach(objects, "shop/web", "shop/u", 5432, "UDP")).toBe(false);
    expect(reach(objects, "shop/web", "shop/u", 5432, "TCP")).toBe(false);
  });

  it("endPort opens a range; ports: [{}] means every TCP port and nothing else", () => {
    const range = [
      web,
      db,
      policy("shop", "p", {
        podSelector: {},
        ingress: [{ ports: [{ port: 8000, endPort: 8010 }] }],
      }),
    ];
    expect(reach(range, "shop/web", "shop/db", 8010)).toBe(true);
    expect(reach(range, "shop/web", "shop/db", 8011)).toBe(false);
    const tcp = [web, db, policy("shop", "p", { podSelector: {}, ingress: [{ ports: [{}] }] })];
    expect(reach(tcp, "shop/web", "shop/db", 1234)).toBe(true);
    expect(reach(tcp, "shop/web", "shop/db", 53, "UDP")).toBe(false);
    expect(reach(tcp, "shop/web", "shop/db", 9, "SCTP")).toBe(false);
  });

  it("ipBlock except carves holes; pod IPs match ipBlock unless the CNI says otherwise", () => {
    const objects = [
      web,
      db,
      policy("shop", "p", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ ipBlock: { cidr: "10.1.0.0/16", except: ["10.1.0.0/31"] } }] }],
      }),
    ];
    expect(reach(objects, "10.1.5.5", "shop/db", 80)).toBe(true);
    expect(reach(objects, "10.1.0.1", "shop/db", 80)).toBe(false); // web's IP is in the except
    const wide = [
      web,
      db,
      policy("shop", "p", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }],
      }),
    ];
    expect(reach(wide, "shop/web", "shop/db", 80)).toBe(true);
    expect(reach(wide, "shop/web", "shop/db", 80, "TCP", { ipBlockMatchesPodIps: false })).toBe(
      false,
    );
  });

  it("pods without an IP match by labels but never by ipBlock", () => {
    const noIp = pod("shop", "noip", { app: "web" });
    const objects = [
      noIp,
      db,
      policy("shop", "p", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
      }),
    ];
    expect(reach(objects, "shop/noip", "shop/db", 80)).toBe(false);
    expect(reach(objects, "9.9.9.9", "shop/db", 80)).toBe(true);
  });

  it("a connection needs the source's egress and the destination's ingress", () => {
    const objects = [
      web,
      db,
      policy("shop", "in", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
      }),
      policy("shop", "out", {
        podSelector: { matchLabels: { app: "web" } },
        policyTypes: ["Egress"],
      }),
    ];
    expect(reach(objects, "shop/web", "shop/db", 80)).toBe(false);
  });

  it("a pod can always reach itself, even under deny-all", () => {
    const objects = [
      web,
      policy("shop", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    ];
    expect(reach(objects, "shop/web", "shop/web", 80)).toBe(true);
  });

  it("hostNetwork pods are node traffic: never selected, matched by ipBlock on their IP", () => {
    const host = pod("shop", "agent", { app: "db" }, { hostNetwork: true, ip: "192.168.0.5" });
    const objects = [
      web,
      db,
      host,
      policy("shop", "p", {
        podSelector: { matchLabels: { app: "db" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
      }),
    ];
    // The policy selects app=db, yet the hostNetwork pod is not isolated.
    expect(reach(objects, "9.9.9.9", "shop/agent", 80)).toBe(true);
    // ...and a podSelector peer does not match it as a source.
    expect(reach(objects, "shop/agent", "shop/db", 80)).toBe(false);
  });

  it("a node always reaches the pods it runs; other nodes are judged by ipBlock", () => {
    const node = (name: string, ip: string): KubeObject => ({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name },
      status: { addresses: [{ type: "InternalIP", address: ip }] },
    });
    const local = pod("shop", "local", { app: "db" }, { nodeName: "n1" });
    const objects = [
      node("n1", "192.168.0.1"),
      node("n2", "192.168.0.2"),
      local,
      policy("shop", "deny", { podSelector: {} }),
    ];
    expect(reach(objects, "node/n1", "shop/local", 10250)).toBe(true);
    expect(reach(objects, "node/n2", "shop/local", 10250)).toBe(false);
  });

  it("an invalid policy is ignored with a diagnostic, not guessed", () => {
    const engine = buildNetpolEngine(
      inventoryOf(
        web,
        policy("shop", "bad", { podSelector: {}, ingress: [{ ports: [{ port: "80" }] }] }),
      ),
    );
    expect(engine.policies).toHaveLength(0);
    expect(engine.diagnostics[0]?.message).toMatch(/shop\/bad.*string of digits/);
  });
});
