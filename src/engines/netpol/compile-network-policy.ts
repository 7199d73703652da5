import type { Diagnostic } from "../../model/diagnostic.ts";
import { arrayAt, isObject, numberAt, objectAt, stringAt, stringsAt } from "../../model/fields.ts";
import type { InventoryEntry } from "../../model/inventory.ts";
import { parseLabelSelector, type LabelSelector } from "../label-selector.ts";
import { isProtocol } from "./conn-set.ts";
import { parseCidr, type Cidr } from "./ip.ts";
import type { CompiledNetworkPolicy, Peer, PolicyRule, PortSpec } from "./model.ts";

export interface CompiledPolicies {
  readonly policies: readonly CompiledNetworkPolicy[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses `networking.k8s.io` NetworkPolicies. A policy the apiserver would reject is left out
 * with a diagnostic: guessing what it would allow could only mislead.
 */
export function compileNetworkPolicies(entries: readonly InventoryEntry[]): CompiledPolicies {
  const policies: CompiledNetworkPolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
    const compiled = compileOne(entry, policies.length);
    if (typeof compiled === "string") {
      diagnostics.push({
        severity: "warning",
        code: "invalid-network-policy",
        message: `NetworkPolicy ${entry.namespace ?? ""}/${entry.object.metadata.name} is ignored: ${compiled}`,
        file: entry.location.file,
        ...(entry.location.line === undefined ? {} : { line: entry.location.line }),
      });
    } else {
      policies.push(compiled);
    }
  }
  return { policies, diagnostics };
}

function compileOne(entry: InventoryEntry, id: number): CompiledNetworkPolicy | string {
  const spec = objectAt(entry.object, "spec") ?? {};
  const podSelector = selector(spec["podSelector"], "spec.podSelector");
  if (typeof podSelector === "string") return podSelector;
  const types = stringsAt(spec, "policyTypes");
  const unknown = types.find((type) => type !== "Ingress" && type !== "Egress");
  if (unknown !== undefined) return `unknown policyType "${unknown}"`;
  // Omitted policyTypes: Ingress always, Egress only when the policy has egress rules.
  const explicit = Array.isArray(spec["policyTypes"]) && types.length > 0;
  const hasIngress = explicit ? types.includes("Ingress") : true;
  const hasEgress = explicit ? types.includes("Egress") : spec["egress"] !== undefined;
  const ingress = hasIngress ? rules(spec, "ingress", "from") : undefined;
  if (typeof ingress === "string") return ingress;
  const egress = hasEgress ? rules(spec, "egress", "to") : undefined;
  if (typeof egress === "string") return egress;
  const namespace = entry.namespace ?? "default";
  return {
    id,
    ref: entry.ref,
    namespace,
    name: entry.object.metadata.name,
    podSelector,
    ingress,
    egress,
  };
}

function rules(
  spec: Readonly<Record<string, unknown>>,
  field: "ingress" | "egress",
  peersField: "from" | "to",
): PolicyRule[] | string {
  const out: PolicyRule[] = [];
  const list = arrayAt(spec, field);
  for (const [index, rule] of list.entries()) {
    const where = `spec.${field}[${index}]`;
    if (!isObject(rule)) return `${where} is not an object`;
    const peerList = arrayAt(rule, peersField);
    const peers: Peer[] = [];
    for (const [at, peer] of peerList.entries()) {
      const parsed = parsePeer(peer, `${where}.${peersField}[${at}]`);
      if (typeof parsed === "string") return parsed;
      peers.push(parsed);
    }
    const portList = arrayAt(rule, "ports");
    const ports: PortSpec[] = [];
    for (const [at, port] of portList.entries()) {
      const parsed = parsePort(port, `${where}.ports[${at}]`);
      if (typeof parsed === "string") return parsed;
      ports.push(parsed);
    }
    out.push({
      index,
      peers: peers.length === 0 ? undefined : peers,
      ports: ports.length === 0 ? undefined : ports,
    });
  }
  return out;
}

function parsePeer(peer: unknown, where: string): Peer | string {
  if (!isObject(peer)) return `${where} is not an object`;
  const block = objectAt(peer, "ipBlock");
  const hasSelectors = peer["podSelector"] !== undefined || peer["namespaceSelector"] !== undefined;
  if (block !== undefined) {
    if (hasSelectors) return `${where} mixes ipBlock with selectors`;
    const cidr = cidrAt(stringAt(block, "cidr"), `${where}.ipBlock.cidr`);
    if (typeof cidr === "string") return cidr;
    const except: Cidr[] = [];
    for (const [at, text] of stringsAt(block, "except").entries()) {
      const parsed = cidrAt(text, `${where}.ipBlock.except[${at}]`);
      if (typeof parsed === "string") return parsed;
      except.push(parsed);
    }
    return { kind: "ipBlock", cidr, except };
  }
  if (!hasSelectors) return `${where} names no podSelector, namespaceSelector or ipBlock`;
  const pods = selector(peer["podSelector"], `${where}.podSelector`);
  if (typeof pods === "string") return pods;
  const namespaces =
    peer["namespaceSelector"] === undefined
      ? undefined
      : selector(peer["namespaceSelector"], `${where}.namespaceSelector`);
  if (typeof namespaces === "string") return namespaces;
  return { kind: "pods", namespaces, pods };
}

function parsePort(port: unknown, where: string): PortSpec | string {
  if (!isObject(port)) return `${where} is not an object`;
  const protocolText = stringAt(port, "protocol") ?? "TCP";
  if (!isProtocol(protocolText))
    return `${where}.protocol "${protocolText}" is not TCP, UDP or SCTP`;
  const value = port["port"];
  const endPort = numberAt(port, "endPort");
  if (value === undefined) {
    if (endPort !== undefined) return `${where}.endPort needs a numeric port`;
    return { protocol: protocolText };
  }
  if (typeof value === "string") {
    if (/^\d+$/.test(value)) return `${where}.port "${value}" is a string of digits`;
    if (endPort !== undefined) return `${where}.endPort needs a numeric port`;
    return { protocol: protocolText, port: value };
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    return `${where}.port must be 1-65535 or a port name`;
  }
  if (endPort !== undefined && (!Number.isInteger(endPort) || endPort < value || endPort > 65535)) {
    return `${where}.endPort must be between port and 65535`;
  }
  return endPort === undefined
    ? { protocol: protocolText, port: value }
    : { protocol: protocolText, port: value, endPort };
}

function selector(value: unknown, where: string): LabelSelector | string {
  const parsed = parseLabelSelector(value);
  return parsed.ok ? parsed.selector : `${where}: ${parsed.error}`;
}

function cidrAt(text: string | undefined, where: string): Cidr | string {
  const cidr = text === undefined ? undefined : parseCidr(text);
  return cidr ?? `${where} ${JSON.stringify(text)} is not a CIDR`;
}
