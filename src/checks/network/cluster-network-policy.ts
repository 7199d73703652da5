import { matchesSelector } from "../../engines/label-selector.ts";
import { compileAdminPolicies } from "../../engines/netpol/admin-policies.ts";
import { calicoApplies, compileCalicoPolicies } from "../../engines/netpol/calico.ts";
import { ciliumSelects, compileCiliumPolicies } from "../../engines/netpol/cilium.ts";
import type { MatchContext } from "../../engines/netpol/direct.ts";
import {
  labelsOfNamespace,
  namespaceLabelsOf,
  podEndpointsOf,
} from "../../engines/netpol/endpoints.ts";
import type { PodEndpoint } from "../../engines/netpol/model.ts";
import { buildInventory, type Inventory } from "../../model/inventory.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "cluster-network-policy";

export const clusterNetworkPolicy: Check = {
  id,
  title: "A cluster-scoped admin network policy sets the baseline for each namespace",
  pillar: "network",
  severity: "medium",
  scope: "cluster",
  reads: [
    ...["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"],
    ...["Job", "CronJob", "Namespace", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy"],
    ...["ClusterNetworkPolicy", "CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy"],
  ],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 4"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.2.1"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Set cluster-wide guardrails with an AdminNetworkPolicy/BaselineAdminNetworkPolicy (or your CNI's cluster-wide policy): e.g. a baseline deny between namespaces and an admin allow for DNS and monitoring.",
  description:
    "NetworkPolicies belong to namespace owners, who can loosen or delete them; a cluster-scoped policy keeps the baseline in the platform team's hands. Judged per namespace with pod-network pods: it passes when each of its pods is a subject of a valid AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy, CiliumClusterwideNetworkPolicy or Calico GlobalNetworkPolicy, and fails naming the pods none selects. hostNetwork pods are not judged: no network policy selects them.",
  evaluate: ({ inventory }) => {
    const context: MatchContext = {
      namespaceLabels: namespaceLabelsOf(inventory),
      ipBlockMatchesPodIps: true,
    };
    // Only the cluster-scoped kinds: the engines' compilers also read namespaced policies.
    const clusterWide = clusterWideOnly(inventory);
    const admin = compileAdminPolicies(inventory).policies;
    const cilium = compileCiliumPolicies(clusterWide).policies.filter(
      (policy) => policy.ingress !== undefined || policy.egress !== undefined,
    );
    const calico = compileCalicoPolicies(clusterWide).policies;
    const selecting = (pod: PodEndpoint): readonly string[] => [
      ...admin
        .filter(
          (policy) =>
            matchesSelector(
              policy.subject.namespaces,
              labelsOfNamespace(context.namespaceLabels, pod.namespace),
            ) && matchesSelector(policy.subject.pods, pod.labels),
        )
        .map((policy) => policy.label),
      ...cilium.filter((policy) => ciliumSelects(context, policy, pod)).map((p) => p.label),
      ...calico
        .filter((policy) => policy.types.some((type) => calicoApplies(context, policy, type, pod)))
        .map((policy) => policy.label),
    ];
    const byNamespace = new Map<string, PodEndpoint[]>();
    for (const pod of podEndpointsOf(inventory)) {
      if (pod.hostNetwork) continue;
      const list = byNamespace.get(pod.namespace);
      if (list === undefined) byNamespace.set(pod.namespace, [pod]);
      else list.push(pod);
    }
    if (byNamespace.size === 0) {
      return [skip(id, { kind: "Cluster", name: "cluster" }, "No pod-network pods in the input")];
    }
    return [...byNamespace]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([namespace, pods]) => {
        const target = inventory.get("Namespace", undefined, namespace, "")?.ref ?? {
          apiVersion: "v1",
          kind: "Namespace",
          name: namespace,
        };
        const policies = new Set<string>();
        const uncovered: string[] = [];
        for (const pod of pods) {
          const found = selecting(pod);
          if (found.length === 0) uncovered.push(pod.name);
          for (const label of found) policies.add(label);
        }
        if (uncovered.length === 0) {
          return pass(id, target, `Cluster-scoped policies: ${[...policies].join(", ")}`, {
            policies: [...policies],
          });
        }
        return fail(
          id,
          target,
          policies.size === 0
            ? "No cluster-scoped network policy selects the namespace's pods"
            : `No cluster-scoped network policy selects ${uncovered.slice(0, 5).join(", ")}${uncovered.length > 5 ? ` and ${uncovered.length - 5} more` : ""}`,
          { uncovered, policies: [...policies] },
        );
      });
  },
};

/** The CiliumClusterwideNetworkPolicies and Calico GlobalNetworkPolicies, alone. */
function clusterWideOnly(inventory: Inventory): Inventory {
  const entries = [
    ...inventory.ofKind("CiliumClusterwideNetworkPolicy", "cilium.io"),
    ...inventory.ofKind("GlobalNetworkPolicy", "crd.projectcalico.org"),
    ...inventory.ofKind("GlobalNetworkPolicy", "projectcalico.org"),
  ];
  return buildInventory(entries.map(({ object, location }) => ({ object, location }))).inventory;
}
