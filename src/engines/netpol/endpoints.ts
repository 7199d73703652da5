import { containersOf } from "../../model/containers.ts";
import { booleanAt, numberAt, objectsAt, stringAt } from "../../model/fields.ts";
import type { Inventory } from "../../model/inventory.ts";
import { isProtocol } from "./conn-set.ts";
import { parseIp, type IpAddress } from "./ip.ts";
import type { NamedPort, NodeEndpoint, PodEndpoint } from "./model.ts";

/** The label every namespace carries since Kubernetes 1.21, set by the apiserver. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** One endpoint per bare Pod and per workload pod template, in inventory order. */
export function podEndpointsOf(inventory: Inventory): PodEndpoint[] {
  return inventory.pods.map((view, index) => {
    const isBarePod = view.owner.kind === "Pod";
    const ipTexts = isBarePod ? podIpsOf(view.owner) : [];
    const ips = ipTexts.map(parseIp).filter((ip): ip is IpAddress => ip !== undefined);
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
      hostNetwork: booleanAt(view.spec, "hostNetwork") === true,
      nodeName: stringAt(view.spec, "nodeName"),
      serviceAccount:
        stringAt(view.spec, "serviceAccountName") ??
        stringAt(view.spec, "serviceAccount") ??
        "default",
      namedPorts: namedPortsOf(view.spec),
    };
  });
}

/** `status.podIPs`, else `status.podIP`; a hostNetwork pod's IP is its node's. */
function podIpsOf(pod: Readonly<Record<string, unknown>>): string[] {
  const listed = objectsAt(pod, "status", "podIPs")
    .map((entry) => stringAt(entry, "ip"))
    .filter((ip): ip is string => ip !== undefined);
  const single = stringAt(pod, "status", "podIP");
  if (single !== undefined && !listed.includes(single)) listed.unshift(single);
  return listed;
}

/**
 * Named container ports across every container of the pod: a named port in a policy resolves
 * against all of them, protocol included (init containers count: sidecars serve ports).
 */
function namedPortsOf(spec: Readonly<Record<string, unknown>>): NamedPort[] {
  const out: NamedPort[] = [];
  for (const container of containersOf(spec)) {
    if (container.kind === "ephemeralContainers") continue;
    for (const port of objectsAt(container.spec, "ports")) {
      const name = stringAt(port, "name");
      const number = numberAt(port, "containerPort");
      const protocol = stringAt(port, "protocol") ?? "TCP";
      if (name === undefined || number === undefined || !isProtocol(protocol)) continue;
      out.push({ name, protocol, port: number });
    }
  }
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
