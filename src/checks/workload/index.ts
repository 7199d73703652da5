import type { Check } from "../check.ts";
import { apparmorProfile } from "./apparmor-profile.ts";
import { capabilitiesBaseline } from "./capabilities-baseline.ts";
import { capabilitiesRestricted } from "./capabilities-restricted.ts";
import { defaultNamespace } from "./default-namespace.ts";
import { hostNamespaces } from "./host-namespaces.ts";
import { hostPathVolumes } from "./host-path-volumes.ts";
import { hostPorts } from "./host-ports.ts";
import { hostProbesLifecycle } from "./host-probes-lifecycle.ts";
import { hostProcess } from "./host-process.ts";
import { imageDigest } from "./image-digest.ts";
import { imageTagNotLatest } from "./image-tag-not-latest.ts";
import { namespacePssEnforce } from "./namespace-pss-enforce.ts";
import { nonRootGroups } from "./non-root-groups.ts";
import { privilegeEscalation } from "./privilege-escalation.ts";
import { privilegedContainers } from "./privileged-containers.ts";
import { procMount } from "./proc-mount.ts";
import { procMountRestricted } from "./proc-mount-restricted.ts";
import { readOnlyRootFilesystem } from "./read-only-root-filesystem.ts";
import { resourceLimits } from "./resource-limits.ts";
import { runAsNonRoot } from "./run-as-non-root.ts";
import { runAsNonRootUser } from "./run-as-non-root-user.ts";
import { seccompBaseline } from "./seccomp-baseline.ts";
import { seccompRestricted } from "./seccomp-restricted.ts";
import { selinuxOptions } from "./selinux-options.ts";
import { shareProcessNamespace } from "./share-process-namespace.ts";
import { sysctls } from "./sysctls.ts";
import { userNamespaces } from "./user-namespaces.ts";
import { volumeTypes } from "./volume-types.ts";

/** Pod Security Standards, baseline then restricted in the official table's order. */
export const pssBaselineChecks: readonly Check[] = [
  hostProcess,
  hostNamespaces,
  privilegedContainers,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbesLifecycle,
  apparmorProfile,
  selinuxOptions,
  procMount,
  seccompBaseline,
  sysctls,
];

export const pssRestrictedChecks: readonly Check[] = [
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsNonRootUser,
  seccompRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];

export const workloadChecks: readonly Check[] = [
  namespacePssEnforce,
  ...pssBaselineChecks,
  ...pssRestrictedChecks,
  readOnlyRootFilesystem,
  resourceLimits,
  imageDigest,
  imageTagNotLatest,
  nonRootGroups,
  userNamespaces,
  shareProcessNamespace,
  defaultNamespace,
];
