import type { ObjectRef } from "../../model/kube-object.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "cluster-network-policy";
const CLUSTER: ObjectRef = { kind: "Cluster", name: "cluster" };

/** Cluster-scoped policy kinds that namespace owners cannot override or delete. */
const CLUSTER_POLICIES: readonly (readonly [string, string])[] = [
  ["AdminNetworkPolicy", "policy.networking.k8s.io"],
  ["BaselineAdminNetworkPolicy", "policy.networking.k8s.io"],
  ["ClusterNetworkPolicy", "policy.networking.k8s.io"],
  ["CiliumClusterwideNetworkPolicy", "cilium.io"],
  ["GlobalNetworkPolicy", "crd.projectcalico.org"],
  ["GlobalNetworkPolicy", "projectcalico.org"],
];

export const clusterNetworkPolicy: Check = {
  id,
  title: "A cluster-scoped admin network policy sets the baseline",
  pillar: "network",
  severity: "medium",
  scope: "cluster",
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
    "NetworkPolicies belong to namespace owners, who can loosen or delete them; a cluster-scoped policy keeps the baseline in the platform team's hands.",
  evaluate: ({ inventory }) => {
    if (inventory.pods.length === 0) return [skip(id, CLUSTER, "No pods in the input")];
    const found = CLUSTER_POLICIES.flatMap(([kind, group]) =>
      inventory.ofKind(kind, group).map((entry) => `${kind} ${entry.object.metadata.name}`),
    );
    return [
      found.length === 0
        ? fail(id, CLUSTER, "No cluster-scoped network policy in the input")
        : pass(id, CLUSTER, `Cluster-scoped policies: ${found.join(", ")}`, { policies: found }),
    ];
  },
};
