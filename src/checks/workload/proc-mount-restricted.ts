import { evaluatePssControl, pssTags, type PssControl } from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";
import { PROC_MOUNT_FRAMEWORKS, procMountViolations } from "../../model/pss-proc-mount.ts";

// Before v1.35 baseline's /proc control was unconditional and restricted inherited it. From
// v1.35 baseline exempts user-namespace pods, and restricted keeps the unconditional rule here.
const pss: PssControl = {
  id: "proc-mount-restricted",
  level: "restricted",
  control: "/proc Mount Type",
  since: 35,
  judge: procMountViolations,
};

export const procMountRestricted: Check = {
  id: pss.id,
  title: "Containers keep the default masked /proc, even in a user namespace",
  pillar: "workload",
  severity: "low",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: PROC_MOUNT_FRAMEWORKS,
  remediation: "Remove `securityContext.procMount` or set it to Default.",
  description:
    "User namespaces limit what an unmasked /proc exposes, but restricted still keeps it masked.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
