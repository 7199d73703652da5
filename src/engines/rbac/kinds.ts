import { WORKLOAD_KINDS } from "../../model/kinds.ts";

// The kinds the escalation-path analysis reads, for the controls' `reads`: a control whose input
// could not be read (a live scan refused the list) says so instead of judging from what is missing.

/**
 * What the RBAC engine's escalation analysis reads: the roles and bindings, the ServiceAccounts
 * and their token Secrets, the Namespaces (and whether their Pod Security level blocks
 * privileged pods), the pods that mount each account's token, and the PersistentVolumes,
 * VolumeAttachments and ResourceSlices through which the Node authorizer lets a node read.
 */
export const RBAC_PATH_READS: readonly string[] = [
  "ClusterRole",
  "ClusterRoleBinding",
  "Role",
  "RoleBinding",
  "ServiceAccount",
  "Secret",
  "Namespace",
  "PersistentVolume",
  "ResourceSlice",
  "VolumeAttachment",
  ...WORKLOAD_KINDS,
];
