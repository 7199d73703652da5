import { evaluatePssControl, pssTags, type PssControl } from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";
import { PROC_MOUNT_FRAMEWORKS, procMountViolations } from "../../model/pss-proc-mount.ts";
import { relaxedInUserNamespace } from "../../model/pss-user-namespace.ts";

const pss: PssControl = {
  id: "proc-mount",
  level: "baseline",
  control: "/proc Mount Type",
  since: 0,
  // From v1.35 baseline lets a pod in its own user namespace unmask /proc; restricted does not.
  judge: relaxedInUserNamespace(procMountViolations),
};

export const procMount: Check = {
  id: pss.id,
  title: "Containers keep the default masked /proc",
  pillar: "workload",
  severity: "medium",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: PROC_MOUNT_FRAMEWORKS,
  remediation: "Remove `securityContext.procMount` or set it to Default.",
  description: "An unmasked /proc exposes kernel interfaces the runtime hides from containers.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
