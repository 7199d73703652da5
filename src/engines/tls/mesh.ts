// Which workloads a service mesh secures with mutual TLS, from the injection labels and
// annotations that Istio (sidecar and ambient) and Linkerd read. Pure, over the inventory.
import { containersOf } from "../../model/containers.ts";
import { booleanAt, objectsAt, stringAt } from "../../model/fields.ts";
import { apiGroupOf } from "../../model/kube-object.ts";
import type { Inventory } from "../../model/inventory.ts";
import type { PodTemplateView } from "../../model/pod-template.ts";

/** Istio's default root namespace: mesh-wide policies live there (meshConfig.rootNamespace). */
export const ISTIO_ROOT_NAMESPACE = "istio-system";

export type MeshDataplane = "istio-sidecar" | "istio-ambient" | "linkerd";

export interface MeshesPresent {
  readonly istio: boolean;
  readonly linkerd: boolean;
}

type Meta = {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
};

/** Whether the snapshot shows Istio or Linkerd at all. */
export function meshesPresent(inventory: Inventory): MeshesPresent {
  const namespaces = inventory.namespaces().map((name) => namespaceMeta(inventory, name));
  const pods = inventory.pods;
  const istio =
    inventory.entries.some((entry) => apiGroupOf(entry.object.apiVersion).endsWith(".istio.io")) ||
    namespaces.some((ns) => istioNamespace(ns) !== undefined) ||
    pods.some((pod) => pod.labels["sidecar.istio.io/inject"] === "true");
  const linkerd =
    inventory.namespaces().includes("linkerd") ||
    [...namespaces, ...pods].some((meta) => isLinkerdInject(meta.annotations["linkerd.io/inject"]));
  return { istio, linkerd };
}

/** The labels and annotations of a Namespace object; empty when the namespace is not declared. */
export function namespaceMeta(inventory: Inventory, namespace: string): Meta {
  const object = inventory.get("Namespace", undefined, namespace, "")?.object;
  return { labels: object?.metadata.labels ?? {}, annotations: object?.metadata.annotations ?? {} };
}

/** The mesh dataplane a namespace enrols its pods in by default, if any. */
export function namespaceDataplane(
  inventory: Inventory,
  namespace: string,
): MeshDataplane | undefined {
  const meta = namespaceMeta(inventory, namespace);
  return (
    istioNamespace(meta) ??
    (isLinkerdInject(meta.annotations["linkerd.io/inject"]) ? "linkerd" : undefined)
  );
}

/** The mesh dataplane that secures a pod, after its own opt-in and opt-out labels. */
export function podDataplane(
  inventory: Inventory,
  pod: PodTemplateView,
): MeshDataplane | undefined {
  const ns = namespaceMeta(inventory, pod.namespace);
  const nsIstio = istioNamespace(ns);
  const sidecar =
    pod.labels["sidecar.istio.io/inject"] ?? pod.annotations["sidecar.istio.io/inject"];
  if (nsIstio === "istio-sidecar" && sidecar !== "false") return "istio-sidecar";
  // A pod label opts in where the namespace neither enables nor disables injection.
  if (sidecar === "true" && ns.labels["istio-injection"] !== "disabled") return "istio-sidecar";
  if (nsIstio === "istio-ambient" && pod.labels["istio.io/dataplane-mode"] !== "none")
    return "istio-ambient";
  if (pod.labels["istio.io/dataplane-mode"] === "ambient") return "istio-ambient";
  const linkerd = pod.annotations["linkerd.io/inject"];
  if (linkerd === "disabled") return undefined;
  if (isLinkerdInject(linkerd) || isLinkerdInject(ns.annotations["linkerd.io/inject"]))
    return "linkerd";
  return undefined;
}

function istioNamespace(meta: Meta): MeshDataplane | undefined {
  const injection = meta.labels["istio-injection"];
  if (injection === "enabled") return "istio-sidecar";
  // A revision label enrols the namespace unless injection is explicitly disabled.
  if (injection !== "disabled" && meta.labels["istio.io/rev"] !== undefined) return "istio-sidecar";
  if (meta.labels["istio.io/dataplane-mode"] === "ambient") return "istio-ambient";
  return undefined;
}

// `enabled` injects the proxy; `ingress` injects it in ingress mode, still with mTLS.
function isLinkerdInject(value: string | undefined): boolean {
  return value === "enabled" || value === "ingress";
}

/**
 * Which CNI encrypts pod traffic between nodes, if any: Cilium (`cilium-config` in kube-system
 * with WireGuard or IPsec on) or Calico (the default FelixConfiguration with WireGuard on).
 */
export function cniEncryptionOf(inventory: Inventory): string | undefined {
  return ciliumEncryptionEverywhere(inventory) ?? calicoEncryptionEverywhere(inventory);
}

/**
 * Cilium's setting as every agent resolves it: the cilium-config ConfigMap, unless a
 * CiliumNodeConfig overrides the key for the nodes it selects. One node left out is a gap for
 * every node it talks to, so an override to anything but "true" means not everywhere.
 */
function ciliumEncryptionEverywhere(inventory: Inventory): string | undefined {
  const cilium = inventory.get("ConfigMap", "kube-system", "cilium-config", "")?.object;
  const overrides = inventory.ofKind("CiliumNodeConfig", "cilium.io");
  return ["enable-wireguard", "enable-ipsec"]
    .filter((key) => stringAt(cilium, "data", key) === "true")
    .filter((key) =>
      overrides.every((entry) => {
        const own = stringAt(entry.object, "spec", "defaults", key);
        return own === undefined || own === "true";
      }),
    )
    .map((key) => `Cilium ${key}`)[0];
}

/**
 * Calico's WireGuard as Felix resolves it on each node: `FELIX_WIREGUARDENABLED` on the
 * calico-node container first, then a node's own FelixConfiguration, then the `default` one.
 */
function calicoEncryptionEverywhere(inventory: Inventory): string | undefined {
  const fromEnv = felixEnvironment(inventory).get("wireguardEnabled");
  if (fromEnv !== undefined) {
    return fromEnv.value === true ? "Calico FELIX_WIREGUARDENABLED" : undefined;
  }
  const configs = [
    ...inventory.ofKind("FelixConfiguration", "crd.projectcalico.org"),
    ...inventory.ofKind("FelixConfiguration", "projectcalico.org"),
  ];
  const global = configs.find((entry) => entry.object.metadata.name === "default");
  const everywhere =
    booleanAt(global?.object, "spec", "wireguardEnabled") === true &&
    configs.every((entry) => booleanAt(entry.object, "spec", "wireguardEnabled") !== false);
  return everywhere ? "Calico wireguardEnabled" : undefined;
}

/** Felix reads `FELIX_<PARAMETER>` from its environment before any FelixConfiguration. */
const FELIX_ENV: Readonly<Record<string, string>> = {
  FELIX_WIREGUARDENABLED: "wireguardEnabled",
  FELIX_WIREGUARDENABLEDV6: "wireguardEnabledV6",
};

/** WireGuard settings a calico-node container sets in its environment; `value` undefined when not literal. */
export function felixEnvironment(
  inventory: Inventory,
): ReadonlyMap<string, { readonly value: boolean | undefined; readonly from: string }> {
  const found = new Map<string, { readonly value: boolean | undefined; readonly from: string }>();
  for (const pod of inventory.pods) {
    for (const container of containersOf(pod.spec)) {
      if (container.name !== "calico-node") continue;
      for (const env of objectsAt(container.spec, "env")) {
        const key = FELIX_ENV[(stringAt(env, "name") ?? "").toUpperCase()];
        if (key === undefined) continue;
        const text = stringAt(env, "value")?.toLowerCase();
        found.set(key, {
          value: text === "true" ? true : text === "false" ? false : undefined,
          from: `${stringAt(env, "name") ?? ""} on ${pod.ownerRef.kind} ${pod.namespace}/${pod.ownerRef.name}`,
        });
      }
    }
  }
  return found;
}
