import type { Protocol } from "../../engines/netpol/conn-set.ts";
import { peerKey, type Edge, type EdgePeer } from "./edges.ts";
import type { WorkloadGroup } from "./identity.ts";

export interface PlannedRule {
  readonly peer: EdgePeer;
  readonly ports: readonly { readonly port: number; readonly protocol: Protocol }[];
  /** DNS names seen for the peer (Cilium's toFQDNs). */
  readonly dnsNames: readonly string[];
}

export interface WorkloadPlan {
  readonly group: WorkloadGroup;
  /** `tenet-<workload>`, with the group's number when two workloads share a name. */
  readonly policyName: string;
  readonly ingress: readonly PlannedRule[];
  readonly egress: readonly PlannedRule[];
}

export interface DnsTarget {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Everything one namespace's policies say, target-neutral; each target renders it. */
export interface NamespacePlan {
  readonly namespace: string;
  readonly dns: DnsTarget | undefined;
  readonly workloads: readonly WorkloadPlan[];
}

/** Whether an edge is DNS to the cluster DNS, which the namespace-wide DNS rule covers. */
export function isDnsEdge(edge: Edge, dns: DnsTarget | undefined): boolean {
  if (dns === undefined || edge.port !== 53 || edge.dst.kind !== "group") return false;
  const { group } = edge.dst;
  return (
    group.namespace === dns.namespace &&
    Object.entries(dns.labels).every(([k, v]) => group.labels[k] === v)
  );
}

/** Groups edges by workload and peer, ports sorted; namespaces and workloads sorted by name. */
export function planNamespaces(
  edges: readonly Edge[],
  namespaces: ReadonlySet<string>,
  dns: DnsTarget | undefined,
): NamespacePlan[] {
  type Draft = { group: WorkloadGroup; ingress: Map<string, Rule>; egress: Map<string, Rule> };
  const plans = new Map<string, Map<number, Draft>>();
  const workload = (group: WorkloadGroup) => {
    let byGroup = plans.get(group.namespace);
    if (byGroup === undefined) plans.set(group.namespace, (byGroup = new Map<number, Draft>()));
    let plan = byGroup.get(group.id);
    if (plan === undefined)
      byGroup.set(group.id, (plan = { group, ingress: new Map(), egress: new Map() }));
    return plan;
  };
  for (const namespace of namespaces) plans.set(namespace, new Map<number, Draft>());
  for (const edge of edges) {
    if (isDnsEdge(edge, dns)) continue;
    if (edge.src.kind === "group" && namespaces.has(edge.src.group.namespace))
      add(workload(edge.src.group).egress, edge.dst, edge);
    if (edge.dst.kind === "group" && namespaces.has(edge.dst.group.namespace))
      add(workload(edge.dst.group).ingress, edge.src, edge);
  }
  return [...plans.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([namespace, byGroup]) => ({
      namespace,
      dns,
      workloads: [...byGroup.values()]
        .sort((a, b) => compare(a.group.name, b.group.name))
        .map((plan, _, all) => ({
          group: plan.group,
          policyName:
            all.filter((other) => other.group.name === plan.group.name).length > 1
              ? `tenet-${plan.group.name}-${plan.group.id}`
              : `tenet-${plan.group.name}`,
          ingress: finish(plan.ingress),
          egress: finish(plan.egress),
        })),
    }));
}

interface Rule {
  readonly peer: EdgePeer;
  readonly ports: Map<string, { port: number; protocol: Protocol }>;
  readonly dnsNames: Set<string>;
}

function add(rules: Map<string, Rule>, peer: EdgePeer, edge: Edge): void {
  const key = peerKey(peer);
  let rule = rules.get(key);
  if (rule === undefined) rules.set(key, (rule = { peer, ports: new Map(), dnsNames: new Set() }));
  rule.ports.set(`${edge.protocol}/${edge.port}`, { port: edge.port, protocol: edge.protocol });
  for (const name of edge.dnsNames) rule.dnsNames.add(name);
}

function finish(rules: Map<string, Rule>): PlannedRule[] {
  return [...rules.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, rule]) => ({
      peer: rule.peer,
      ports: [...rule.ports.values()].sort(
        (a, b) => compare(a.protocol, b.protocol) || a.port - b.port,
      ),
      dnsNames: [...rule.dnsNames].sort(),
    }));
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
