import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import { netNamespace, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { hasConn, type Protocol } from "./conn-set.ts";
import { buildNetpolEngine } from "./engine.ts";
import type { Endpoint } from "./model.ts";

// Calico's default tier: every policy that applies, in `order` (Kubernetes NetworkPolicies at
// 1000), rules in order, first Allow/Deny decides; an applied policy with no match denies.

function calico(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  namespace?: string,
): KubeObject {
  return {
    apiVersion: "projectcalico.org/v3",
    kind,
    metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
    spec,
  };
}

const base = [
  netNamespace("a", { env: "prod" }),
  netNamespace("b"),
  netPod("a", "db", { app: "db" }, { ip: "10.0.0.1" }),
  netPod("a", "web", { app: "web" }, { ip: "10.0.0.2" }),
  netPod("b", "job", { app: "job" }, { ip: "10.0.1.1" }),
];

function reach(
  objects: KubeObject[],
  from: string,
  to: string,
  port = 5432,
  protocol: Protocol = "TCP",
): boolean {
  const engine = buildNetpolEngine(inventoryOf(...objects));
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

describe("Calico policies", () => {
  it("an applied policy whose rules do not match denies (end of tier)", () => {
    const p = calico(
      "NetworkPolicy",
      "db",
      {
        selector: "app == 'db'",
        ingress: [
          {
            action: "Allow",
            protocol: "TCP",
            source: { selector: "app == 'web'" },
            destination: { ports: [5432] },
          },
        ],
      },
      "a",
    );
    expect(reach([...base, p], "a/web", "a/db")).toBe(true);
    expect(reach([...base, p], "a/web", "a/db", 5433)).toBe(false);
    expect(reach([...base, p], "b/job", "a/db")).toBe(false); // selector is namespace-local
  });

  it("lower order decides first: a Deny at order 10 beats a Kubernetes allow at 1000", () => {
    const allowAll = netPolicy("a", "all", { podSelector: {}, ingress: [{}] });
    const deny = calico("GlobalNetworkPolicy", "no-jobs", {
      order: 10,
      selector: "all()",
      ingress: [{ action: "Deny", source: { namespaceSelector: "projectcalico.org/name == 'b'" } }],
    });
    expect(reach([...base, allowAll], "b/job", "a/db")).toBe(true);
    expect(reach([...base, allowAll, deny], "b/job", "a/db")).toBe(false);
    const late = calico("GlobalNetworkPolicy", "late", {
      order: 2000,
      selector: "all()",
      ingress: [{ action: "Deny", source: { namespaceSelector: "projectcalico.org/name == 'b'" } }],
    });
    expect(reach([...base, allowAll, late], "b/job", "a/db")).toBe(true);
  });

  it("Pass leaves the tier for the profile, which allows", () => {
    const p = calico("GlobalNetworkPolicy", "pass", {
      order: 1,
      selector: "app == 'db'",
      ingress: [{ action: "Pass", source: { nets: ["10.0.1.0/24"] } }, { action: "Deny" }],
    });
    expect(reach([...base, p], "b/job", "a/db")).toBe(true); // matched by nets on its pod IP
    expect(reach([...base, p], "a/web", "a/db")).toBe(false);
  });

  it("egress rules with ports ranges, notPorts and notNets", () => {
    const p = calico(
      "NetworkPolicy",
      "out",
      {
        selector: "app == 'web'",
        types: ["Egress"],
        egress: [
          {
            action: "Allow",
            protocol: "TCP",
            destination: { notNets: ["10.0.0.0/8"], ports: ["8000:8100"], notPorts: [8080] },
          },
        ],
      },
      "a",
    );
    expect(reach([...base, p], "a/web", "198.51.100.7", 8001)).toBe(true);
    expect(reach([...base, p], "a/web", "198.51.100.7", 8080)).toBe(false);
    expect(reach([...base, p], "a/web", "a/db", 8001)).toBe(false);
  });

  it("types [Ingress] leaves egress alone; a GlobalNetworkPolicy's namespaceSelector limits it", () => {
    const p = calico("GlobalNetworkPolicy", "prod-only", {
      selector: "all()",
      namespaceSelector: "env == 'prod'",
      types: ["Ingress"],
      ingress: [],
    });
    expect(reach([...base, p], "b/job", "a/db")).toBe(false);
    expect(reach([...base, p], "a/db", "b/job")).toBe(true);
  });
});
