import { objectAt, stringAt } from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import { fail, pass, skip } from "../../model/results.ts";
import {
  ISTIO_ROOT_NAMESPACE,
  meshesPresent,
  namespaceDataplane,
  podDataplane,
} from "../../engines/tls/mesh.ts";
import type { Check } from "../check.ts";

const id = "mesh-mtls-strict";
const GROUP = "security.istio.io";

export const meshMtlsStrict: Check = {
  id,
  title: "Istio namespaces enforce STRICT mutual TLS",
  pillar: "data",
  severity: "high",
  scope: "cluster",
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Encryption"],
    "nist-800-207": ["Tenet 2", "Tenet 6"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)", "164.312(d)"],
    gdpr: ["Art. 32(1)(a)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Apply a PeerAuthentication with `mtls.mode: STRICT` and no selector in the root namespace (istio-system) for the mesh, or in the namespace.",
  description:
    "Istio defaults to PERMISSIVE: sidecars also accept plaintext, so any pod can call the workload without an identity. STRICT makes every call authenticated and encrypted.",
  evaluate: ({ inventory }) => {
    if (!meshesPresent(inventory).istio)
      return [skip(id, { kind: "Cluster", name: "cluster" }, "Istio not in use")];
    const meshed = [
      ...new Set([
        ...inventory
          .namespaces()
          .filter((ns) => namespaceDataplane(inventory, ns)?.startsWith("istio")),
        ...inventory.pods
          .filter((pod) => podDataplane(inventory, pod)?.startsWith("istio"))
          .map((pod) => pod.namespace),
      ]),
    ].sort();
    const meshWide = namespaceWide(inventory, ISTIO_ROOT_NAMESPACE);
    const meshMode = modeOf(meshWide);
    return meshed.map((namespace) => {
      const target = { apiVersion: "v1", kind: "Namespace", name: namespace };
      const own = namespaceWide(inventory, namespace);
      const ownMode = modeOf(own);
      // UNSET inherits from the parent; with no policy at all Istio is PERMISSIVE.
      const [mode, from] =
        ownMode !== "UNSET"
          ? [ownMode, own]
          : meshMode !== "UNSET"
            ? [meshMode, meshWide]
            : ["PERMISSIVE", undefined];
      const source =
        from === undefined
          ? "Istio's default"
          : `PeerAuthentication ${from.namespace ?? ""}/${from.object.metadata.name}`;
      return mode === "STRICT"
        ? pass(id, target, `STRICT mTLS from ${source}`, { mode, source })
        : fail(id, target, `mTLS mode ${mode} from ${source}: plaintext is accepted`, {
            mode,
            source,
          });
    });
  },
};

/** The namespace-wide PeerAuthentication of a namespace: no selector; the oldest wins in Istio. */
function namespaceWide(inventory: Inventory, namespace: string): InventoryEntry | undefined {
  return inventory
    .inNamespace(namespace)
    .filter(
      (entry) =>
        entry.object.kind === "PeerAuthentication" &&
        entry.object.apiVersion.startsWith(`${GROUP}/`) &&
        objectAt(entry.object, "spec", "selector") === undefined &&
        objectAt(entry.object, "spec", "targetRef") === undefined,
    )
    .sort(
      (a, b) =>
        created(a).localeCompare(created(b)) ||
        a.object.metadata.name.localeCompare(b.object.metadata.name),
    )[0];
}

function created(entry: InventoryEntry): string {
  return stringAt(entry.object, "metadata", "creationTimestamp") ?? "";
}

function modeOf(entry: InventoryEntry | undefined): string {
  return entry === undefined
    ? "UNSET"
    : (stringAt(entry.object, "spec", "mtls", "mode") ?? "UNSET");
}
