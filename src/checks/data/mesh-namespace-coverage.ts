import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { fail, pass } from "../../model/results.ts";
import { cniEncryptionOf, meshesPresent, podDataplane } from "../../engines/tls/mesh.ts";
import type { Check } from "../check.ts";

const id = "mesh-namespace-coverage";
const CLUSTER = { kind: "Cluster", name: "cluster" } as const;
// Control-plane namespaces: their components secure their own traffic or cannot be meshed.
const SYSTEM = new Set([
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "istio-system",
  "linkerd",
  "linkerd-viz",
]);

export const meshNamespaceCoverage: Check = {
  id,
  title: "Every application namespace is in an mTLS mesh, or the CNI encrypts traffic",
  pillar: "data",
  severity: "medium",
  scope: "cluster",
  reads: ["Namespace", "ConfigMap", "CiliumNodeConfig", "FelixConfiguration", ...WORKLOAD_KINDS],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Encryption"],
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)"],
    gdpr: ["Art. 32(1)(a)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Label the namespace `istio-injection=enabled` (or `istio.io/rev`, or `istio.io/dataplane-mode=ambient`), or annotate it `linkerd.io/inject: enabled`, and restart its pods.",
  description:
    "Pods outside the mesh talk in clear text and without workload identity, and cannot be held to mTLS-based authorization.",
  evaluate: ({ inventory }) => {
    const meshes = meshesPresent(inventory);
    const cni = cniEncryptionOf(inventory);
    if (!meshes.istio && !meshes.linkerd) {
      return [
        cni === undefined
          ? fail(id, CLUSTER, "No mTLS mesh or CNI encryption: pod traffic is plaintext")
          : pass(id, CLUSTER, `No mesh, but the CNI encrypts pod traffic between nodes (${cni})`),
      ];
    }
    const byNamespace = new Map<string, string[]>();
    for (const pod of inventory.pods) {
      if (SYSTEM.has(pod.namespace)) continue;
      const outside = byNamespace.get(pod.namespace) ?? [];
      byNamespace.set(pod.namespace, outside);
      if (podDataplane(inventory, pod) === undefined)
        outside.push(`${pod.ownerRef.kind} ${pod.ownerRef.name}`);
    }
    return [...byNamespace]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([namespace, outside]) => {
        const target = { apiVersion: "v1", kind: "Namespace", name: namespace };
        if (outside.length === 0) return pass(id, target, "Every workload is in the mesh");
        // The CNI encrypts between nodes, but these workloads still have no mTLS identity.
        return cni === undefined
          ? fail(id, target, `Outside the mesh: ${outside.join(", ")}`, { workloads: outside })
          : pass(
              id,
              target,
              `Outside the mesh but encrypted by the CNI (${cni}): ${outside.join(", ")}`,
              {
                workloads: outside,
              },
            );
      });
  },
};
