import { WORKLOAD_KINDS } from "./kinds.ts";

/**
 * What every control built on `evaluatePssControl` reads: the pods of every workload kind, the
 * Namespaces whose `enforce-version` label picks the standard's version, and the PodSecurity
 * admission configuration whose default applies when the label is absent.
 */
export const PSS_READS: readonly string[] = [
  "Namespace",
  "AdmissionConfiguration",
  ...WORKLOAD_KINDS,
];

/** The kinds those controls judge one pod template at a time (see `CheckMeta.judges`). */
export const PSS_JUDGES: readonly string[] = [...WORKLOAD_KINDS];
