import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import { denyAll, netNamespace, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { hasConn } from "./conn-set.ts";
import { buildNetpolEngine } from "./engine.ts";

// The tiers of the Network Policy API: admin rules first (priority, then rule order, first
// match wins), NetworkPolicy next, baseline rules only for pods NetworkPolicy leaves open.

function anp(name: string, priority: number, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "policy.networking.k8s.io/v1alpha1",
    kind: "AdminNetworkPolicy",
    metadata: { name },
    spec: { priority, subject: { namespaces: {} }, ...spec },
  };
}

function banp(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "policy.networking.k8s.io/v1alpha1",
    kind: "BaselineAdminNetworkPolicy",
    metadata: { name: "default" },
    spec: { subject: { namespaces: {} }, ...spec },
  };
}

const fromNamespace = (name: string) => ({
  namespaces: { matchLabels: { "kubernetes.io/metadata.name": name } },
});

const base = [
  netNamespace("a"),
  netNamespace("b"),
  netPod("a", "server", { app: "server" }, { ip: "10.0.0.1" }),
  netPod("b", "client", { app: "client" }, { ip: "10.0.0.2" }),
];

function reach(objects: KubeObject[], port = 8080): boolean {
  const engine = buildNetpolEngine(inventoryOf(...objects));
  expect(engine.diagnostics).toEqual([]);
  const client = engine.findPod("b", "client");
  const server = engine.findPod("a", "server");
  if (client === undefined || server === undefined) throw new Error("fixture");
  const verdict = engine.canReach(client, server, port, "TCP");
  // The class matrix must agree with the explained verdict.
  expect(hasConn(engine.allowedConns(client, server), "TCP", port)).toBe(verdict.allowed);
  return verdict.allowed;
}

describe("admin network policy tiers", () => {
  it("a `networks` peer tells apart pods that NetworkPolicy alone would group (their addresses)", () => {
    // Same namespace and labels, different IPs: one class for NetworkPolicy, not for the
    // admin rule that denies one address. The class matrix must agree with the verdict.
    const objects = [
      netNamespace("a"),
      netPod("a", "client", { app: "client" }, { ip: "10.0.0.9" }),
      netPod("a", "web-1", { app: "web" }, { ip: "10.0.0.1" }),
      netPod("a", "web-2", { app: "web" }, { ip: "10.0.0.2" }),
      anp("deny-one", 1, { egress: [{ action: "Deny", to: [{ networks: ["10.0.0.2/32"] }] }] }),
    ];
    const engine = buildNetpolEngine(inventoryOf(...objects));
    const [client, web1, web2] = engine.pods;
    if (client === undefined || web1 === undefined || web2 === undefined) throw new Error("pods");
    expect(engine.canReach(client, web2, 8080, "TCP").allowed).toBe(false);
    expect(hasConn(engine.allowedConns(client, web2), "TCP", 8080)).toBe(false);
    expect(hasConn(engine.allowedConns(client, web1), "TCP", 8080)).toBe(true);
  });

  it("an admin Deny wins over a NetworkPolicy that allows", () => {
    const allow = netPolicy("a", "allow", { podSelector: {}, ingress: [{}] });
    const deny = anp("deny-b", 10, { ingress: [{ action: "Deny", from: [fromNamespace("b")] }] });
    expect(reach([...base, allow])).toBe(true);
    expect(reach([...base, allow, deny])).toBe(false);
  });

  it("an admin Allow wins over a NetworkPolicy default deny", () => {
    const allow = anp("allow-b", 10, {
      ingress: [{ action: "Allow", from: [fromNamespace("b")] }],
    });
    expect(reach([...base, denyAll("a"), denyAll("b"), allow])).toBe(false); // b's egress
    const both = anp("allow-both", 10, {
      ingress: [{ action: "Allow", from: [fromNamespace("b")] }],
      egress: [{ action: "Allow", to: [fromNamespace("a")] }],
    });
    expect(reach([...base, denyAll("a"), denyAll("b"), both])).toBe(true);
  });

  it("lower priority numbers are evaluated first; rule order decides within a policy", () => {
    const deny = anp("deny", 20, { ingress: [{ action: "Deny", from: [fromNamespace("b")] }] });
    const allow = anp("allow", 10, { ingress: [{ action: "Allow", from: [fromNamespace("b")] }] });
    expect(reach([...base, deny, allow, denyAll("a")])).toBe(true);
    const ordered = anp("ordered", 5, {
      ingress: [
        { action: "Deny", from: [fromNamespace("b")], ports: [{ portNumber: { port: 8080 } }] },
        { action: "Allow", from: [fromNamespace("b")] },
      ],
    });
    expect(reach([...base, ordered], 8080)).toBe(false);
    expect(reach([...base, ordered, denyAll("a")], 9090)).toBe(true);
  });

  it("Pass hands the decision to NetworkPolicy, skipping lower admin rules", () => {
    const pass = anp("pass", 1, { ingress: [{ action: "Pass", from: [fromNamespace("b")] }] });
    const deny = anp("deny", 2, { ingress: [{ action: "Deny", from: [fromNamespace("b")] }] });
    const allow = netPolicy("a", "allow", { podSelector: {}, ingress: [{}] });
    expect(reach([...base, pass, deny, allow])).toBe(true);
    expect(reach([...base, pass, deny, denyAll("a")])).toBe(false);
  });

  it("baseline rules apply only to pods NetworkPolicy does not isolate", () => {
    const baseline = banp({ ingress: [{ action: "Deny", from: [fromNamespace("b")] }] });
    expect(reach([...base, baseline])).toBe(false);
    const allow = netPolicy("a", "allow", { podSelector: {}, ingress: [{}] });
    expect(reach([...base, baseline, allow])).toBe(true);
  });

  it("reads ClusterNetworkPolicy v1alpha2 tiers with Accept and port matches", () => {
    const cnp = (tier: string, action: string): KubeObject => ({
      apiVersion: "policy.networking.k8s.io/v1alpha2",
      kind: "ClusterNetworkPolicy",
      metadata: { name: `${tier}-${action}` },
      spec: {
        tier,
        priority: 1,
        subject: { namespaces: {} },
        ingress: [
          {
            action,
            from: [fromNamespace("b")],
            match: [{ tcp: { destinationPort: { number: 8080 } } }],
          },
        ],
      },
    });
    expect(reach([...base, denyAll("a"), cnp("Admin", "Accept")], 8080)).toBe(true);
    expect(reach([...base, denyAll("a"), cnp("Admin", "Accept")], 9090)).toBe(false);
    expect(reach([...base, cnp("Baseline", "Deny")], 8080)).toBe(false);
    expect(reach([...base, cnp("Baseline", "Deny")], 9090)).toBe(true);
  });

  it("named ports in admin rules resolve on the destination pod, any protocol", () => {
    const rule = anp("named", 1, {
      ingress: [{ action: "Deny", from: [fromNamespace("b")], ports: [{ namedPort: "http" }] }],
    });
    expect(reach([...base, rule], 8080)).toBe(false);
    expect(reach([...base, rule], 8081)).toBe(true);
  });

  it("explains which admin rule decided", () => {
    const deny = anp("deny-b", 10, {
      ingress: [{ name: "no-b", action: "Deny", from: [fromNamespace("b")] }],
    });
    const engine = buildNetpolEngine(inventoryOf(...base, deny));
    const verdict = engine.canReach(
      engine.findPod("b", "client")!,
      engine.findPod("a", "server")!,
      80,
      "TCP",
    );
    expect(verdict.ingress.admin).toMatchObject([
      { policy: "AdminNetworkPolicy deny-b", rule: 0, name: "no-b", action: "Deny" },
    ]);
  });

  it("rejects an admin policy with an unknown action, with a diagnostic", () => {
    const bad = anp("bad", 1, { ingress: [{ action: "Drop", from: [fromNamespace("b")] }] });
    const engine = buildNetpolEngine(inventoryOf(...base, bad));
    expect(engine.adminPolicies).toHaveLength(0);
    expect(engine.diagnostics[0]?.message).toContain("AdminNetworkPolicy bad is ignored");
  });
});
