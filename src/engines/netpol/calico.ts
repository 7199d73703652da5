import type { Diagnostic } from "../../model/diagnostic.ts";
import {
  numberAt,
  objectAt,
  objectsAt,
  stringAt,
  stringsAt,
  type JsonObject,
} from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import { parseCalicoSelector, type CalicoSelector } from "./calico-selector.ts";
import {
  ALL_CONNS,
  connsOf,
  isProtocol,
  NO_CONNS,
  subtractConns,
  type ConnSet,
  type Protocol,
} from "./conn-set.ts";
import { rulePorts, type MatchContext } from "./direct.ts";
import { labelsOfNamespace } from "./endpoints.ts";
import { cidrContains, parseCidr, type Cidr } from "./ip.ts";
import type { Direction, Endpoint, PodEndpoint, PortSpec } from "./model.ts";

// Calico NetworkPolicy and GlobalNetworkPolicy (projectcalico.org/v3, crd.projectcalico.org/v1)
// in the default tier: policies by `order`, rules in order, first Allow/Deny decides, Pass
// leaves the tier (to the profile, which allows), no match in an applied policy denies.

export type CalicoAction = "Allow" | "Deny" | "Pass" | "Log";

interface EntityMatch {
  readonly selector?: CalicoSelector;
  readonly notSelector?: CalicoSelector;
  readonly namespaceSelector?: CalicoSelector;
  readonly nets: readonly Cidr[];
  readonly notNets: readonly Cidr[];
  readonly serviceAccounts?: readonly string[];
  readonly ports: readonly PortSpec[] | undefined;
  readonly notPorts: readonly PortSpec[];
}

export interface CalicoRule {
  readonly index: number;
  readonly action: CalicoAction;
  readonly protocol: Protocol | "other" | undefined;
  readonly notProtocol: Protocol | undefined;
  readonly source: EntityMatch;
  readonly destination: EntityMatch;
}

export interface CalicoPolicy {
  readonly label: string;
  readonly name: string;
  /** Undefined for GlobalNetworkPolicy. */
  readonly namespace: string | undefined;
  readonly order: number;
  readonly selector: CalicoSelector;
  readonly namespaceSelector: CalicoSelector | undefined;
  readonly types: readonly Direction[];
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
}

const GROUPS = ["projectcalico.org", "crd.projectcalico.org"];

export function compileCalicoPolicies(inventory: Inventory): {
  policies: CalicoPolicy[];
  diagnostics: Diagnostic[];
} {
  const policies: CalicoPolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const group of GROUPS) {
    for (const kind of ["NetworkPolicy", "GlobalNetworkPolicy"]) {
      for (const entry of inventory.ofKind(kind, group)) {
        const compiled = compile(entry);
        if (typeof compiled === "string") {
          diagnostics.push({
            severity: "warning",
            code: "invalid-calico-policy",
            message: `Calico ${kind} ${entry.namespace === undefined ? "" : `${entry.namespace}/`}${entry.object.metadata.name} is ignored: ${compiled}`,
            file: entry.location.file,
            ...(entry.location.line === undefined ? {} : { line: entry.location.line }),
          });
        } else policies.push(compiled);
      }
    }
  }
  return { policies, diagnostics };
}

function compile(entry: InventoryEntry): CalicoPolicy | string {
  const spec = objectAt(entry.object, "spec") ?? {};
  const tier = stringAt(spec, "tier") ?? "default";
  if (tier !== "default") return `tier "${tier}": only the default tier is evaluated`;
  const selector = selectorAt(spec, "selector");
  if (typeof selector === "string") return selector;
  const namespaceSelector = selectorAt(spec, "namespaceSelector");
  if (typeof namespaceSelector === "string") return namespaceSelector;
  const ingress = rulesOf(spec, "ingress");
  if (typeof ingress === "string") return ingress;
  const egress = rulesOf(spec, "egress");
  if (typeof egress === "string") return egress;
  const declared = stringsAt(spec, "types").map((type) => type.toLowerCase());
  const types: Direction[] =
    declared.length > 0
      ? declared.filter((type): type is Direction => type === "ingress" || type === "egress")
      : ["ingress", ...(egress.length > 0 ? (["egress"] as const) : [])];
  const namespace = entry.object.kind === "NetworkPolicy" ? entry.namespace : undefined;
  const name = entry.object.metadata.name;
  return {
    label: `Calico ${entry.object.kind} ${namespace === undefined ? "" : `${namespace}/`}${name}`,
    name,
    namespace,
    order: numberAt(spec, "order") ?? Number.POSITIVE_INFINITY,
    selector: selector ?? (() => true),
    namespaceSelector,
    types,
    ingress,
    egress,
  };
}

function rulesOf(spec: JsonObject, field: Direction): CalicoRule[] | string {
  const out: CalicoRule[] = [];
  for (const [index, rule] of objectsAt(spec, field).entries()) {
    const where = `spec.${field}[${index}]`;
    const action = stringAt(rule, "action");
    if (action !== "Allow" && action !== "Deny" && action !== "Pass" && action !== "Log") {
      return `${where}.action must be Allow, Deny, Pass or Log`;
    }
    const protocol = protocolOf(rule["protocol"]);
    const notProtocol = protocolOf(rule["notProtocol"]);
    const source = entityOf(objectAt(rule, "source") ?? {}, `${where}.source`, protocol);
    if (typeof source === "string") return source;
    const destination = entityOf(
      objectAt(rule, "destination") ?? {},
      `${where}.destination`,
      protocol,
    );
    if (typeof destination === "string") return destination;
    out.push({
      index,
      action,
      protocol,
      notProtocol: notProtocol === "other" ? undefined : notProtocol,
      source,
      destination,
    });
  }
  return out;
}

/** Names or IANA numbers; anything else (ICMP, ...) has no ports and is "other". */
function protocolOf(value: unknown): Protocol | "other" | undefined {
  if (value === undefined) return undefined;
  const text =
    typeof value === "number"
      ? ({ 6: "TCP", 17: "UDP", 132: "SCTP" } as Record<number, string>)[value]
      : typeof value === "string"
        ? value.toUpperCase()
        : undefined;
  return text !== undefined && isProtocol(text) ? text : "other";
}

function entityOf(
  entity: JsonObject,
  where: string,
  protocol: Protocol | "other" | undefined,
): EntityMatch | string {
  const out: Record<string, unknown> = {};
  for (const key of ["selector", "notSelector", "namespaceSelector"] as const) {
    const parsed = selectorAt(entity, key);
    if (typeof parsed === "string") return `${where}.${parsed}`;
    if (parsed !== undefined) out[key] = parsed;
  }
  const nets = cidrsAt(entity, "nets", where);
  if (typeof nets === "string") return nets;
  const notNets = cidrsAt(entity, "notNets", where);
  if (typeof notNets === "string") return notNets;
  const ports = portsAt(entity, "ports", where, protocol);
  if (typeof ports === "string") return ports;
  const notPorts = portsAt(entity, "notPorts", where, protocol);
  if (typeof notPorts === "string") return notPorts;
  const accounts = objectAt(entity, "serviceAccounts");
  return {
    ...out,
    nets,
    notNets,
    ports: ports.length === 0 ? undefined : ports,
    notPorts,
    ...(accounts === undefined ? {} : { serviceAccounts: stringsAt(accounts, "names") }),
  };
}

function portsAt(
  entity: JsonObject,
  field: string,
  where: string,
  protocol: Protocol | "other" | undefined,
): PortSpec[] | string {
  const list = Array.isArray(entity[field]) ? (entity[field] as unknown[]) : [];
  if (list.length > 0 && (protocol === undefined || protocol === "other")) {
    return `${where}.${field} needs the rule's protocol to be TCP, UDP or SCTP`;
  }
  const out: PortSpec[] = [];
  for (const item of list) {
    if (protocol === undefined || protocol === "other") break;
    if (typeof item === "number") out.push({ protocol, port: item });
    else if (typeof item === "string" && /^\d+:\d+$/.test(item)) {
      const [lo = 0, hi = 0] = item.split(":").map(Number);
      out.push({ protocol, port: lo, endPort: hi });
    } else if (typeof item === "string" && /^\d+$/.test(item))
      out.push({ protocol, port: Number(item) });
    else if (typeof item === "string") out.push({ protocol, port: item });
    else return `${where}.${field} holds a value that is not a port`;
  }
  return out;
}

function cidrsAt(entity: JsonObject, field: string, where: string): Cidr[] | string {
  const out: Cidr[] = [];
  for (const text of stringsAt(entity, field)) {
    const cidr = parseCidr(text.includes("/") ? text : `${text}/${text.includes(":") ? 128 : 32}`);
    if (cidr === undefined) return `${where}.${field} "${text}" is not a CIDR`;
    out.push(cidr);
  }
  return out;
}

function selectorAt(value: JsonObject, field: string): CalicoSelector | undefined | string {
  const text = stringAt(value, field);
  if (text === undefined) return undefined;
  const parsed = parseCalicoSelector(text);
  return typeof parsed === "string" ? `${field}: ${parsed}` : parsed;
}

/** The labels Calico gives a workload endpoint: its own plus namespace and identity. */
function calicoLabels(pod: PodEndpoint): Record<string, string> {
  return {
    ...pod.labels,
    "projectcalico.org/namespace": pod.namespace,
    "projectcalico.org/orchestrator": "k8s",
    "projectcalico.org/serviceaccount": pod.serviceAccount,
  };
}

function namespaceLabels(context: MatchContext, namespace: string): Record<string, string> {
  return {
    ...labelsOfNamespace(context.namespaceLabels, namespace),
    "projectcalico.org/name": namespace,
  };
}

export function calicoApplies(
  context: MatchContext,
  policy: CalicoPolicy,
  direction: Direction,
  pod: Endpoint,
): boolean {
  if (pod.kind !== "pod" || pod.hostNetwork || !policy.types.includes(direction)) return false;
  if (policy.namespace !== undefined && pod.namespace !== policy.namespace) return false;
  if (
    policy.namespaceSelector !== undefined &&
    !policy.namespaceSelector(namespaceLabels(context, pod.namespace))
  ) {
    return false;
  }
  return policy.selector(calicoLabels(pod));
}

function entityMatches(
  context: MatchContext,
  policy: CalicoPolicy,
  entity: EntityMatch,
  endpoint: Endpoint,
): boolean {
  const pod = endpoint.kind === "pod" && !endpoint.hostNetwork ? endpoint : undefined;
  if (
    entity.selector !== undefined ||
    entity.namespaceSelector !== undefined ||
    entity.serviceAccounts !== undefined
  ) {
    if (pod === undefined) return false;
    if (entity.namespaceSelector !== undefined) {
      if (!entity.namespaceSelector(namespaceLabels(context, pod.namespace))) return false;
    } else if (policy.namespace !== undefined && pod.namespace !== policy.namespace) {
      return false;
    }
    if (entity.selector !== undefined && !entity.selector(calicoLabels(pod))) return false;
    if (
      entity.serviceAccounts !== undefined &&
      entity.serviceAccounts.length > 0 &&
      !entity.serviceAccounts.includes(pod.serviceAccount)
    ) {
      return false;
    }
  }
  if (
    entity.notSelector !== undefined &&
    pod !== undefined &&
    entity.notSelector(calicoLabels(pod))
  )
    return false;
  // Calico matches nets against workload IPs too.
  const addresses = endpoint.kind === "ip" ? [endpoint.ip] : endpoint.ips;
  if (
    entity.nets.length > 0 &&
    !addresses.some((ip) => entity.nets.some((net) => cidrContains(net, ip)))
  )
    return false;
  if (
    entity.notNets.length > 0 &&
    addresses.some((ip) => entity.notNets.some((net) => cidrContains(net, ip)))
  )
    return false;
  return true;
}

/** The connections a rule matches towards the destination, or NO_CONNS when a peer fails. */
export function calicoRuleConns(
  context: MatchContext,
  policy: CalicoPolicy,
  rule: CalicoRule,
  source: Endpoint,
  destination: Endpoint,
): ConnSet {
  if (rule.protocol === "other") return NO_CONNS;
  if (!entityMatches(context, policy, rule.source, source)) return NO_CONNS;
  if (!entityMatches(context, policy, rule.destination, destination)) return NO_CONNS;
  let conns: ConnSet = rule.protocol === undefined ? ALL_CONNS : connsOf(rule.protocol);
  if (rule.destination.ports !== undefined) {
    conns = rulePorts(
      { index: rule.index, peers: undefined, ports: rule.destination.ports },
      destination,
    );
  }
  if (rule.destination.notPorts.length > 0) {
    conns = subtractConns(
      conns,
      rulePorts(
        { index: rule.index, peers: undefined, ports: rule.destination.notPorts },
        destination,
      ),
    );
  }
  if (rule.notProtocol !== undefined) conns = subtractConns(conns, connsOf(rule.notProtocol));
  return conns;
}
