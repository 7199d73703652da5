import { WORKLOAD_KINDS } from "../../model/kinds.ts";

// The kinds the network engine reads, for the controls' `reads`: a control whose input could not
// be read (a live scan refused the list) says so instead of judging from what is missing.

/** Where pod endpoints come from: bare Pods and every workload's pod template. */
export const POD_KINDS: readonly string[] = [...WORKLOAD_KINDS].sort();

/**
 * What decides whether a pod is isolated: NetworkPolicy, Cilium's and Calico's policies (Calico's
 * namespaced kind is also `NetworkPolicy`), and the Namespace labels their selectors read.
 */
export const ISOLATION_KINDS: readonly string[] = [
  ...POD_KINDS,
  "CiliumClusterwideNetworkPolicy",
  "CiliumNetworkPolicy",
  "GlobalNetworkPolicy",
  "Namespace",
  "NetworkPolicy",
];

/** Everything reachability reads: isolation plus the admin tiers and the Nodes they name. */
export const REACH_KINDS: readonly string[] = [
  ...ISOLATION_KINDS,
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "ClusterNetworkPolicy",
  "Node",
];
