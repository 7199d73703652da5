import type { Diagnostic } from "../../model/diagnostic.ts";
import { numberAt, objectAt, objectsAt, stringAt, stringsAt } from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import { matchesSelector, parseLabelSelector, type LabelSelector } from "../label-selector.ts";
import { PROTOCOLS, isProtocol } from "./conn-set.ts";
import type { MatchContext } from "./direct.ts";
import { labelsOfNamespace } from "./endpoints.ts";
import { cidrContains, parseCidr, type Cidr } from "./ip.ts";
import type { Direction, Endpoint, PodEndpoint, PortSpec } from "./model.ts";

// CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (cilium.io/v2) at L3/L4:
// endpointSelector, from/toEndpoints, entities, CIDR/CIDRSet, toPorts, and deny rules that win
// over every allow. L7 rules narrow within an allowed port; at L3/L4 the port counts as allowed.

const NAMESPACE_KEY = "io.kubernetes.pod.namespace";
const NAMESPACE_LABEL_PREFIX = "io.cilium.k8s.namespace.labels.";
const SERVICE_ACCOUNT_KEY = "io.cilium.k8s.policy.serviceaccount";

export type CiliumPeer =
  | { readonly kind: "endpoints"; readonly selector: LabelSelector; readonly namespace?: string }
  | { readonly kind: "entities"; readonly entities: readonly string[] }
  | { readonly kind: "cidr"; readonly cidr: Cidr; readonly except: readonly Cidr[] };

export interface CiliumRule {
  readonly index: number;
  readonly deny: boolean;
  /** Empty: the rule names no peer and matches nothing (`ingress: [{}]` is a default deny). */
  readonly peers: readonly CiliumPeer[];
  readonly ports: readonly PortSpec[] | undefined;
}

export interface CiliumPolicy {
  readonly label: string;
  /** Undefined for the clusterwide kind. */
  readonly namespace: string | undefined;
  readonly selector: LabelSelector;
  readonly ingress: readonly CiliumRule[] | undefined;
  readonly egress: readonly CiliumRule[] | undefined;
}

export function compileCiliumPolicies(inventory: Inventory): {
  policies: CiliumPolicy[];
  diagnostics: Diagnostic[];
} {
  const policies: CiliumPolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  const entries = [
    ...inventory.ofKind("CiliumNetworkPolicy", "cilium.io"),
    ...inventory.ofKind("CiliumClusterwideNetworkPolicy", "cilium.io"),
  ];
  for (const entry of entries) {
    const specs = [
      ...(objectAt(entry.object, "spec") === undefined
        ? []
        : [objectAt(entry.object, "spec") ?? {}]),
      ...objectsAt(entry.object, "specs"),
    ];
    for (const [at, spec] of specs.entries()) {
      const compiled = compileSpec(entry, spec, at);
      if (typeof compiled === "string") {
        diagnostics.push({
          severity: "warning",
          code: "invalid-cilium-policy",
          message: `${entry.object.kind} ${entry.namespace === undefined ? "" : `${entry.namespace}/`}${entry.object.metadata.name} is ignored: ${compiled}`,
          file: entry.location.file,
          ...(entry.location.line === undefined ? {} : { line: entry.location.line }),
        });
      } else if (compiled !== undefined) {
        policies.push(compiled);
      }
    }
  }
  return { policies, diagnostics };
}

function compileSpec(
  entry: InventoryEntry,
  spec: Readonly<Record<string, unknown>>,
  at: number,
): CiliumPolicy | string | undefined {
  // Host policies (nodeSelector) govern nodes, which Tenet does not isolate.
  if (spec["endpointSelector"] === undefined) return undefined;
  const selector = ciliumSelector(spec["endpointSelector"], "endpointSelector");
  if (typeof selector === "string") return selector;
  const namespace = entry.object.kind === "CiliumNetworkPolicy" ? entry.namespace : undefined;
  const defaults = objectAt(spec, "enableDefaultDeny");
  const direction = (name: Direction): CiliumRule[] | undefined | string => {
    const allow = rules(spec, name, false, namespace);
    if (typeof allow === "string") return allow;
    const deny = rules(spec, `${name}Deny`, true, namespace);
    if (typeof deny === "string") return deny;
    const present = spec[name] !== undefined || spec[`${name}Deny`] !== undefined;
    if (!present) return undefined;
    // enableDefaultDeny.<direction>: false keeps the rules but not the isolation: model it
    // as an allow-everything rule placed before the others.
    const open = defaults?.[name] === false;
    return [
      ...(open
        ? [
            {
              index: -1,
              deny: false,
              peers: [{ kind: "entities" as const, entities: ["all"] }],
              ports: undefined,
            },
          ]
        : []),
      ...allow,
      ...deny,
    ];
  };
  const ingress = direction("ingress");
  if (typeof ingress === "string") return ingress;
  const egress = direction("egress");
  if (typeof egress === "string") return egress;
  const name = `${entry.object.kind} ${namespace === undefined ? "" : `${namespace}/`}${entry.object.metadata.name}`;
  return { label: at === 0 ? name : `${name}#${at}`, namespace, selector, ingress, egress };
}

function rules(
  spec: Readonly<Record<string, unknown>>,
  field: string,
  deny: boolean,
  namespace: string | undefined,
): CiliumRule[] | string {
  const prefix = field.startsWith("ingress") ? "from" : "to";
  const out: CiliumRule[] = [];
  for (const [index, rule] of objectsAt(spec, field).entries()) {
    const where = `${field}[${index}]`;
    const peers: CiliumPeer[] = [];
    for (const [at, raw] of objectsAt(rule, `${prefix}Endpoints`).entries()) {
      const selector = ciliumSelector(raw, `${where}.${prefix}Endpoints[${at}]`);
      if (typeof selector === "string") return selector;
      // In a namespaced policy, a selector that names no namespace means the policy's own.
      const scoped = namespace !== undefined && !mentionsNamespace(selector);
      peers.push({ kind: "endpoints", selector, ...(scoped ? { namespace } : {}) });
    }
    const entities = stringsAt(rule, `${prefix}Entities`);
    if (entities.length > 0) peers.push({ kind: "entities", entities });
    for (const text of stringsAt(rule, `${prefix}CIDR`)) {
      const cidr = parseCidr(text);
      if (cidr === undefined) return `${where}.${prefix}CIDR "${text}" is not a CIDR`;
      peers.push({ kind: "cidr", cidr, except: [] });
    }
    for (const set of objectsAt(rule, `${prefix}CIDRSet`)) {
      const cidr = parseCidr(stringAt(set, "cidr") ?? "");
      if (cidr === undefined) return `${where}.${prefix}CIDRSet has no valid cidr`;
      const except = stringsAt(set, "except").flatMap((text) => parseCidr(text) ?? []);
      peers.push({ kind: "cidr", cidr, except });
    }
    const ports = toPorts(rule, where);
    if (typeof ports === "string") return ports;
    out.push({ index, deny, peers, ports });
  }
  return out;
}

function toPorts(
  rule: Readonly<Record<string, unknown>>,
  where: string,
): PortSpec[] | undefined | string {
  const entries = objectsAt(rule, "toPorts");
  if (entries.length === 0) return undefined;
  const out: PortSpec[] = [];
  for (const entry of entries) {
    const ports = objectsAt(entry, "ports");
    if (ports.length === 0) return undefined;
    for (const port of ports) {
      const protocolText = (stringAt(port, "protocol") ?? "ANY").toUpperCase();
      const protocols =
        protocolText === "ANY" ? PROTOCOLS : isProtocol(protocolText) ? [protocolText] : [];
      if (protocols.length === 0) continue; // ICMP and others: outside L4 port reachability
      const text = stringAt(port, "port") ?? String(numberAt(port, "port") ?? "");
      const endPort = numberAt(port, "endPort");
      for (const protocol of protocols) {
        if (text === "" || text === "0") out.push({ protocol });
        else if (/^\d+$/.test(text)) {
          out.push(
            endPort === undefined
              ? { protocol, port: Number(text) }
              : { protocol, port: Number(text), endPort },
          );
        } else out.push({ protocol, port: text });
      }
    }
  }
  if (out.length === 0) return `${where}.toPorts names no TCP, UDP, SCTP or ANY port`;
  return out;
}

/** Cilium label keys carry a source prefix (`k8s:`, `any:`): matching ignores it. */
function ciliumSelector(value: unknown, where: string): LabelSelector | string {
  const parsed = parseLabelSelector(value ?? {});
  if (!parsed.ok) return `${where}: ${parsed.error}`;
  const strip = (key: string): string => key.replace(/^(k8s|any|container|reserved):/, "");
  const { matchLabels, matchExpressions } = parsed.selector;
  return {
    matchLabels: Object.fromEntries(Object.entries(matchLabels).map(([k, v]) => [strip(k), v])),
    matchExpressions: matchExpressions.map((e) => ({ ...e, key: strip(e.key) })),
  };
}

function mentionsNamespace(selector: LabelSelector): boolean {
  return (
    Object.hasOwn(selector.matchLabels, NAMESPACE_KEY) ||
    selector.matchExpressions.some((e) => e.key === NAMESPACE_KEY)
  );
}

/** The labels Cilium sees on a pod's endpoint: its own, its namespace's, its identity's. */
export function ciliumLabels(context: MatchContext, pod: PodEndpoint): Record<string, string> {
  const labels: Record<string, string> = { ...pod.labels, [NAMESPACE_KEY]: pod.namespace };
  for (const [key, value] of Object.entries(
    labelsOfNamespace(context.namespaceLabels, pod.namespace),
  )) {
    labels[`${NAMESPACE_LABEL_PREFIX}${key}`] = value;
  }
  labels[SERVICE_ACCOUNT_KEY] = pod.serviceAccount;
  return labels;
}

export function ciliumSelects(context: MatchContext, policy: CiliumPolicy, pod: Endpoint): boolean {
  if (pod.kind !== "pod" || pod.hostNetwork) return false;
  if (policy.namespace !== undefined && pod.namespace !== policy.namespace) return false;
  return matchesSelector(policy.selector, ciliumLabels(context, pod));
}

/** Entities by what they cover: `world` is outside the cluster, `cluster` is inside. */
export function ciliumPeerMatches(
  context: MatchContext,
  peer: CiliumPeer,
  endpoint: Endpoint,
): boolean {
  switch (peer.kind) {
    case "endpoints":
      return (
        endpoint.kind === "pod" &&
        !endpoint.hostNetwork &&
        (peer.namespace === undefined || endpoint.namespace === peer.namespace) &&
        matchesSelector(peer.selector, ciliumLabels(context, endpoint))
      );
    case "entities":
      return peer.entities.some((entity) => entityMatches(entity, endpoint));
    case "cidr":
      // CIDR rules never match endpoints Cilium manages, nor nodes (by default).
      return (
        endpoint.kind === "ip" &&
        cidrContains(peer.cidr, endpoint.ip) &&
        !peer.except.some((except) => cidrContains(except, endpoint.ip))
      );
  }
}

function entityMatches(entity: string, endpoint: Endpoint): boolean {
  const isNode = endpoint.kind === "node" || (endpoint.kind === "pod" && endpoint.hostNetwork);
  switch (entity) {
    case "all":
      return true;
    case "world":
      return endpoint.kind === "ip";
    case "cluster":
      return endpoint.kind !== "ip";
    case "host":
    case "remote-node":
      return isNode;
    default:
      return false;
  }
}
