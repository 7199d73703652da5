import type { Diagnostic } from "../../model/diagnostic.ts";
import {
  isObject,
  numberAt,
  objectAt,
  objectsAt,
  stringAt,
  stringsAt,
} from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import type { ObjectRef } from "../../model/kube-object.ts";
import { MATCH_ALL, parseLabelSelector, type LabelSelector } from "../label-selector.ts";
import { isProtocol, PROTOCOLS } from "./conn-set.ts";
import { parseCidr, type Cidr } from "./ip.ts";
import type { Direction, PortSpec } from "./model.ts";

// AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and
// their successor ClusterNetworkPolicy (v1alpha2), compiled to one shape: tiered, ordered rules.

/** Allow (v1alpha1) and Accept (v1alpha2) are the same decision. */
export type AdminAction = "Allow" | "Deny" | "Pass";
export type AdminTier = "admin" | "baseline";

export type AdminPeer =
  | { readonly kind: "pods"; readonly namespaces: LabelSelector; readonly pods: LabelSelector }
  | { readonly kind: "nodes"; readonly nodes: LabelSelector }
  | { readonly kind: "networks"; readonly cidrs: readonly Cidr[] };

export interface AdminRule {
  readonly index: number;
  readonly name: string;
  readonly action: AdminAction;
  readonly peers: readonly AdminPeer[];
  /** Absent: every port. */
  readonly ports: readonly PortSpec[] | undefined;
}

export interface AdminPolicy {
  readonly ref: ObjectRef;
  readonly label: string;
  readonly tier: AdminTier;
  readonly priority: number;
  readonly subject: { readonly namespaces: LabelSelector; readonly pods: LabelSelector };
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
}

const GROUP = "policy.networking.k8s.io";

/** Every admin-tier and baseline-tier policy, in evaluation order within each tier. */
export function compileAdminPolicies(inventory: Inventory): {
  policies: AdminPolicy[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const policies: AdminPolicy[] = [];
  const sources: [string, (entry: InventoryEntry) => AdminTier | undefined][] = [
    ["AdminNetworkPolicy", () => "admin"],
    ["BaselineAdminNetworkPolicy", () => "baseline"],
    [
      "ClusterNetworkPolicy",
      (entry) => {
        const tier = stringAt(entry.object, "spec", "tier");
        return tier === "Admin" ? "admin" : tier === "Baseline" ? "baseline" : undefined;
      },
    ],
  ];
  for (const [kind, tierOf] of sources) {
    for (const entry of inventory.ofKind(kind, GROUP)) {
      const compiled = compile(entry, tierOf(entry));
      if (typeof compiled === "string") {
        diagnostics.push({
          severity: "warning",
          code: "invalid-admin-network-policy",
          message: `${kind} ${entry.object.metadata.name} is ignored: ${compiled}`,
          file: entry.location.file,
          ...(entry.location.line === undefined ? {} : { line: entry.location.line }),
        });
      } else {
        policies.push(compiled);
      }
    }
  }
  // Lower priority first; equal priorities are left to the implementation by the API, so
  // Tenet breaks ties by name to stay deterministic (and says so in docs/netpol.md).
  policies.sort(
    (a, b) => a.priority - b.priority || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
  return { policies, diagnostics };
}

function compile(entry: InventoryEntry, tier: AdminTier | undefined): AdminPolicy | string {
  if (tier === undefined) return "spec.tier must be Admin or Baseline";
  const spec = objectAt(entry.object, "spec") ?? {};
  const priority =
    entry.object.kind === "BaselineAdminNetworkPolicy" ? 0 : numberAt(spec, "priority");
  if (priority === undefined || priority < 0 || priority > 1000)
    return "spec.priority must be 0-1000";
  const subject = subjectOf(objectAt(spec, "subject"));
  if (typeof subject === "string") return subject;
  const ingress = rulesOf(spec, "ingress");
  if (typeof ingress === "string") return ingress;
  const egress = rulesOf(spec, "egress");
  if (typeof egress === "string") return egress;
  return {
    ref: entry.ref,
    label: `${entry.object.kind} ${entry.object.metadata.name}`,
    tier,
    priority,
    subject,
    ingress,
    egress,
  };
}

function subjectOf(
  subject: Readonly<Record<string, unknown>> | undefined,
): AdminPolicy["subject"] | string {
  if (subject === undefined) return "spec.subject is required";
  if (subject["namespaces"] !== undefined) {
    const namespaces = selector(subject["namespaces"], "spec.subject.namespaces");
    return typeof namespaces === "string" ? namespaces : { namespaces, pods: MATCH_ALL };
  }
  const pods = objectAt(subject, "pods");
  if (pods === undefined) return "spec.subject needs namespaces or pods";
  const namespaces = selector(pods["namespaceSelector"], "spec.subject.pods.namespaceSelector");
  if (typeof namespaces === "string") return namespaces;
  const podSelector = selector(pods["podSelector"], "spec.subject.pods.podSelector");
  return typeof podSelector === "string" ? podSelector : { namespaces, pods: podSelector };
}

function rulesOf(
  spec: Readonly<Record<string, unknown>>,
  direction: Direction,
): AdminRule[] | string {
  const peersField = direction === "ingress" ? "from" : "to";
  const out: AdminRule[] = [];
  for (const [index, rule] of objectsAt(spec, direction).entries()) {
    const where = `spec.${direction}[${index}]`;
    const actionText = stringAt(rule, "action");
    const action = actionText === "Accept" ? "Allow" : actionText;
    if (action !== "Allow" && action !== "Deny" && action !== "Pass") {
      return `${where}.action "${actionText ?? ""}" is not Allow/Accept, Deny or Pass`;
    }
    const peers: AdminPeer[] = [];
    for (const [at, peer] of objectsAt(rule, peersField).entries()) {
      const parsed = peerOf(peer, `${where}.${peersField}[${at}]`);
      if (typeof parsed === "string") return parsed;
      peers.push(parsed);
    }
    if (peers.length === 0) return `${where}.${peersField} needs at least one peer`;
    const ports = portsOf(rule, where);
    if (typeof ports === "string") return ports;
    out.push({ index, name: stringAt(rule, "name") ?? "", action, peers, ports });
  }
  return out;
}

function peerOf(peer: Readonly<Record<string, unknown>>, where: string): AdminPeer | string {
  if (peer["namespaces"] !== undefined) {
    const namespaces = selector(peer["namespaces"], `${where}.namespaces`);
    return typeof namespaces === "string"
      ? namespaces
      : { kind: "pods", namespaces, pods: MATCH_ALL };
  }
  const pods = objectAt(peer, "pods");
  if (pods !== undefined) {
    const namespaces = selector(pods["namespaceSelector"], `${where}.pods.namespaceSelector`);
    if (typeof namespaces === "string") return namespaces;
    const podSelector = selector(pods["podSelector"], `${where}.pods.podSelector`);
    return typeof podSelector === "string"
      ? podSelector
      : { kind: "pods", namespaces, pods: podSelector };
  }
  if (peer["nodes"] !== undefined) {
    const nodes = selector(peer["nodes"], `${where}.nodes`);
    return typeof nodes === "string" ? nodes : { kind: "nodes", nodes };
  }
  if (Array.isArray(peer["networks"])) {
    const cidrs: Cidr[] = [];
    for (const text of stringsAt(peer, "networks")) {
      const cidr = parseCidr(text);
      if (cidr === undefined) return `${where}.networks "${text}" is not a CIDR`;
      cidrs.push(cidr);
    }
    return { kind: "networks", cidrs };
  }
  return `${where} names no namespaces, pods, nodes or networks peer`;
}

/** v1alpha1 `ports` (portNumber, portRange, namedPort) or v1alpha2 `match`/`protocols`. */
function portsOf(
  rule: Readonly<Record<string, unknown>>,
  where: string,
): PortSpec[] | undefined | string {
  const v1 = objectsAt(rule, "ports");
  const v2 = [...objectsAt(rule, "match"), ...objectsAt(rule, "protocols")];
  if (v1.length === 0 && v2.length === 0) return undefined;
  const out: PortSpec[] = [];
  for (const port of v1) {
    const number = objectAt(port, "portNumber");
    const range = objectAt(port, "portRange");
    const named = stringAt(port, "namedPort");
    if (number !== undefined) {
      const protocol = stringAt(number, "protocol") ?? "TCP";
      const value = numberAt(number, "port");
      if (!isProtocol(protocol) || value === undefined) return `${where}.ports: bad portNumber`;
      out.push({ protocol, port: value });
    } else if (range !== undefined) {
      const protocol = stringAt(range, "protocol") ?? "TCP";
      const start = numberAt(range, "start");
      const end = numberAt(range, "end");
      if (!isProtocol(protocol) || start === undefined || end === undefined || end < start) {
        return `${where}.ports: bad portRange`;
      }
      out.push({ protocol, port: start, endPort: end });
    } else if (named !== undefined) {
      out.push(...PROTOCOLS.map((protocol) => ({ protocol, port: named })));
    } else {
      return `${where}.ports entry names no portNumber, portRange or namedPort`;
    }
  }
  for (const match of v2) {
    const named = stringAt(match, "namedPort") ?? stringAt(match, "destinationNamedPort");
    if (named !== undefined) out.push(...PROTOCOLS.map((protocol) => ({ protocol, port: named })));
    for (const protocol of PROTOCOLS) {
      const value = match[protocol.toLowerCase()];
      if (value === undefined) continue;
      const items = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
      if (items.length === 0) out.push({ protocol });
      for (const item of items) {
        const port =
          objectAt(item, "destinationPort") ?? objectAt(item, "port") ?? objectAt(item, "Port");
        if (port === undefined) {
          out.push({ protocol });
          continue;
        }
        const number = numberAt(port, "number");
        const range = objectAt(port, "range") ?? objectAt(port, "portRange");
        const start = numberAt(range, "start");
        const end = numberAt(range, "end");
        if (number !== undefined) out.push({ protocol, port: number });
        else if (start !== undefined && end !== undefined && end >= start) {
          out.push({ protocol, port: start, endPort: end });
        } else return `${where}: bad ${protocol.toLowerCase()} port match`;
      }
    }
  }
  return out;
}

function selector(value: unknown, where: string): LabelSelector | string {
  const parsed = parseLabelSelector(value ?? {});
  return parsed.ok ? parsed.selector : `${where}: ${parsed.error}`;
}
