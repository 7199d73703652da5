import type { Check } from "../check.ts";
import { clusterNetworkPolicy } from "./cluster-network-policy.ts";
import { namespaceDefaultDeny } from "./namespace-default-deny.ts";
import { namespaceIsolationHoles } from "./namespace-isolation-holes.ts";
import { networkPolicyNoAllowAll } from "./network-policy-no-allow-all.ts";
import { networkPolicySelectsPods } from "./network-policy-selects-pods.ts";
import { podEgressInternet } from "./pod-egress-internet.ts";
import { podIsolated } from "./pod-isolated.ts";
import { podLateralMovement } from "./pod-lateral-movement.ts";
import { podReachableFromAllNamespaces } from "./pod-reachable-from-all-namespaces.ts";
import { podReachableFromOutside } from "./pod-reachable-from-outside.ts";

export const networkChecks: readonly Check[] = [
  namespaceDefaultDeny,
  podIsolated,
  namespaceIsolationHoles,
  networkPolicySelectsPods,
  networkPolicyNoAllowAll,
  clusterNetworkPolicy,
  podReachableFromAllNamespaces,
  podReachableFromOutside,
  podEgressInternet,
  podLateralMovement,
];
