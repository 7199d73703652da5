import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import {
  arrayAt,
  booleanAt,
  objectAt,
  objectsAt,
  stringAt,
  stringsAt,
  type JsonObject,
} from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import { fail, pass } from "../../model/results.ts";
import {
  matchesSelector,
  parseLabelSelector,
  type LabelSelector,
} from "../../engines/label-selector.ts";
import type { Check } from "../check.ts";

const id = "workload-egress-restricted";
const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);

export const workloadEgressRestricted: Check = {
  id,
  title: "Workloads have an egress policy that does not allow any destination",
  pillar: "edge",
  severity: "medium",
  scope: "cluster",
  reads: ["NetworkPolicy", ...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.3.2"],
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 3", "Tenet 6"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.3.2"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Select the pods with a NetworkPolicy of policyTypes [Egress] that allows only the destinations they need (DNS to the cluster resolver, named services, explicit CIDRs).",
  description:
    "Without an egress policy a compromised pod can reach the internet and every service: exfiltration and lateral movement are one connection away. Only networking.k8s.io NetworkPolicies are read here.",
  evaluate: ({ inventory }) => {
    const policies = egressPolicies(inventory);
    return inventory.pods.map((pod) => {
      if (booleanAt(pod.spec, "hostNetwork") === true) {
        return fail(id, pod.ownerRef, "hostNetwork pod: NetworkPolicy does not apply to it");
      }
      const selecting = (policies.get(pod.namespace) ?? []).filter((policy) =>
        matchesSelector(policy.selector, pod.labels),
      );
      if (selecting.length === 0)
        return fail(id, pod.ownerRef, "No egress NetworkPolicy selects this workload");
      const open = selecting.flatMap((policy) =>
        policy.openRules.map((rule) => `${policy.name} egress[${rule}]`),
      );
      return open.length === 0
        ? pass(
            id,
            pod.ownerRef,
            `Egress restricted by ${selecting.map((policy) => policy.name).join(", ")}`,
          )
        : fail(id, pod.ownerRef, `Egress open to any destination: ${open.join(", ")}`, {
            rules: open,
          });
    });
  },
};

interface EgressPolicy {
  readonly name: string;
  readonly selector: LabelSelector;
  /** Indexes of rules that allow any destination on more than DNS. */
  readonly openRules: readonly number[];
}

function egressPolicies(inventory: Inventory): Map<string, EgressPolicy[]> {
  const byNamespace = new Map<string, EgressPolicy[]>();
  for (const entry of inventory.ofKind("NetworkPolicy", "networking.k8s.io")) {
    const policy = egressPolicyOf(entry);
    if (policy === undefined || entry.namespace === undefined) continue;
    byNamespace.set(entry.namespace, [...(byNamespace.get(entry.namespace) ?? []), policy]);
  }
  return byNamespace;
}

function egressPolicyOf(entry: InventoryEntry): EgressPolicy | undefined {
  const rules = objectsAt(entry.object, "spec", "egress");
  const types = stringsAt(entry.object, "spec", "policyTypes");
  // Without policyTypes, a policy governs egress when it has egress rules (API defaulting).
  const governsEgress =
    arrayAt(entry.object, "spec", "policyTypes").length > 0
      ? types.includes("Egress")
      : rules.length > 0;
  const parsed = parseLabelSelector(objectAt(entry.object, "spec", "podSelector"));
  // An invalid selector is rejected by the apiserver: such a policy selects nothing.
  if (!governsEgress || !parsed.ok) return undefined;
  const openRules = rules.flatMap((rule, index) =>
    isAnyDestination(rule) && !isDnsOnly(rule) ? [index] : [],
  );
  return { name: entry.object.metadata.name, selector: parsed.selector, openRules };
}

function isAnyDestination(rule: JsonObject): boolean {
  const to = objectsAt(rule, "to");
  return (
    to.length === 0 || to.some((peer) => ANYWHERE.has(stringAt(peer, "ipBlock", "cidr") ?? ""))
  );
}

// A rule limited to port 53 lets pods resolve names: needed, and not a general egress path.
function isDnsOnly(rule: JsonObject): boolean {
  const ports = objectsAt(rule, "ports");
  return (
    ports.length > 0 &&
    ports.every(
      (port) => port["port"] === 53 && (port["endPort"] === undefined || port["endPort"] === 53),
    )
  );
}
