import { isObject, objectsAt, stringAt } from "../../model/fields.ts";
import type { Inventory } from "../../model/inventory.ts";
import { isProtocol } from "./conn-set.ts";
import { parseIp, type IpAddress } from "./ip.ts";
import type { NamedPort, NodeEndpoint, PodEndpoint } from "./model.ts";
import { serviceAccountNameOfSpec } from "../../model/service-account-name.ts";

/** The label every namespace carries since Kubernetes 1.21, set by the apiserver. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** One endpoint per bare Pod and per workload pod template, in inventory order. */
export function podEndpointsOf(inventory: Inventory): PodEndpoint[] {
  // Replicas and pods of one app repeat the same ports: one shared list per distinct list.
  const portLists = new Map<string, readonly NamedPort[]>();
  const noIps: readonly never[] = [];
  return inventory.pods.map((view, index) => {
    const isBarePod = view.owner.kind === "Pod";
    const ipTexts = isBarePod ? podIpsOf(view.owner) : noIps;
    const ips = ipTexts.length === 0 ? noIps : parsedIps(ipTexts);
    const spec = view.spec;
    return {
      kind: "pod",
      index,
      namespace: view.namespace,
      name: view.ownerRef.name,
      ref: view.ownerRef,
      isBarePod,
      labels: view.labels,
      ips,
      ipTexts,
      hostNetwork: spec["hostNetwork"] === true,
      nodeName: stringAt(spec, "nodeName"),
      serviceAccount: serviceAccountNameOfSpec(spec),
      namedPorts: namedPortsOf(spec, portLists),
    };
  });
}

function parsedIps(texts: readonly string[]): IpAddress[] {
  const out: IpAddress[] = [];
  for (const text of texts) {
    const ip = parseIp(text);
    if (ip !== undefined) out.push(ip);
  }
  return out;
}

/** `status.podIPs`, else `status.podIP`; a hostNetwork pod's IP is its node's. */
function podIpsOf(pod: Readonly<Record<string, unknown>>): string[] {
  const status = pod["status"];
  if (!isObject(status)) return [];
  const listed: string[] = [];
  const entries = status["podIPs"];
  if (Array.isArray(entries)) {
    for (const entry of entries as readonly unknown[]) {
      const ip = isObject(entry) ? entry["ip"] : undefined;
      if (typeof ip === "string") listed.push(ip);
    }
  }
  const single = status["podIP"];
  if (typeof single === "string" && !listed.includes(single)) listed.unshift(single);
  return listed;
}

/**
 * Named container ports across every container of the pod: a named port in a policy resolves
 * against all of them, protocol included (init containers count: sidecars serve ports;
 * ephemeral containers declare no ports that serve).
 */
function namedPortsOf(
  spec: Readonly<Record<string, unknown>>,
  shared: Map<string, readonly NamedPort[]>,
): readonly NamedPort[] {
  const out: NamedPort[] = [];
  let key = "";
  for (const field of ["initContainers", "containers"] as const) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (const container of containers as readonly unknown[]) {
      const ports = isObject(container) ? container["ports"] : undefined;
      if (!Array.isArray(ports)) continue;
      for (const port of ports as readonly unknown[]) {
        if (!isObject(port)) continue;
        const name = port["name"];
        const number = port["containerPort"];
        const declared = port["protocol"];
        const protocol = typeof declared === "string" ? declared : "TCP";
        if (typeof name !== "string" || typeof number !== "number") continue;
        if (!Number.isFinite(number) || !isProtocol(protocol)) continue;
        out.push({ name, protocol, port: number });
        // NUL cannot occur in a port name: a safe separator.
        key += `${name}\u0000${protocol}\u0000${number}\u0000`;
      }
    }
  }
  const known = shared.get(key);
  if (known !== undefined) return known;
  shared.set(key, out);
  return out;
}

/** Labels of every namespace in use, with the implicit name label added. */
export function namespaceLabelsOf(
  inventory: Inventory,
): ReadonlyMap<string, Readonly<Record<string, string>>> {
  const labels = new Map<string, Readonly<Record<string, string>>>();
  for (const name of inventory.namespaces()) {
    const declared = inventory.get("Namespace", undefined, name, "")?.object.metadata.labels ?? {};
    labels.set(name, { ...declared, [NAMESPACE_NAME_LABEL]: name });
  }
  return labels;
}

/** Nodes with their InternalIP/ExternalIP addresses. */
export function nodeEndpointsOf(inventory: Inventory): NodeEndpoint[] {
  return inventory.ofKind("Node", "").map((entry) => ({
    kind: "node",
    name: entry.object.metadata.name,
    labels: entry.object.metadata.labels ?? {},
    ips: objectsAt(entry.object, "status", "addresses")
      .filter((address) => /^(Internal|External)IP$/.test(stringAt(address, "type") ?? ""))
      .map((address) => parseIp(stringAt(address, "address") ?? ""))
      .filter((ip): ip is IpAddress => ip !== undefined),
  }));
}

/** The namespace labels of a pod's namespace, even when the Namespace object is absent. */
export function labelsOfNamespace(
  labels: ReadonlyMap<string, Readonly<Record<string, string>>>,
  namespace: string,
): Readonly<Record<string, string>> {
  return labels.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
}
