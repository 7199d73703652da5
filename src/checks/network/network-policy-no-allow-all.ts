import { isEmptySelector } from "../../engines/label-selector.ts";
import type { Peer, PolicyRule } from "../../engines/netpol/model.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "network-policy-no-allow-all";

export const networkPolicyNoAllowAll: Check = {
  id,
  title: "NetworkPolicy rules do not allow every peer on every port",
  pillar: "network",
  severity: "medium",
  scope: "cluster",
  reads: ["NetworkPolicy"],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 3", "Tenet 4"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.2.1", "1.3.1"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Name the peers (pod and namespace selectors, or narrow CIDRs) and the ports each rule is for; an empty `from`/`to` with no `ports` undoes the isolation.",
  description:
    "A rule with no peers, or whose peer matches every pod of every namespace or 0.0.0.0/0, and no ports, allows everything in its direction.",
  evaluate: ({ engines }) =>
    engines.netpol.policies.map((policy) => {
      const open = (["ingress", "egress"] as const).flatMap((direction) =>
        (policy[direction] ?? []).filter(allowsAll).map((rule) => `${direction}[${rule.index}]`),
      );
      return open.length === 0
        ? pass(id, policy.ref, "Every rule names its peers or its ports")
        : fail(id, policy.ref, `Rules allowing everything: ${open.join(", ")}`, { rules: open });
    }),
};

function allowsAll(rule: PolicyRule): boolean {
  return rule.ports === undefined && (rule.peers === undefined || rule.peers.some(matchesAll));
}

function matchesAll(peer: Peer): boolean {
  if (peer.kind === "ipBlock") return peer.cidr.bits === 0 && peer.except.length === 0;
  return (
    peer.namespaces !== undefined && isEmptySelector(peer.namespaces) && isEmptySelector(peer.pods)
  );
}
