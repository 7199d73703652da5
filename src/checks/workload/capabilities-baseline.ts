import { containersOf } from "../../model/containers.ts";
import { stringsAt } from "../../model/fields.ts";
import {
  BASELINE_ADDABLE_CAPABILITIES,
  containerViolation,
  evaluatePssControl,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const ALLOWED: ReadonlySet<string> = new Set(BASELINE_ADDABLE_CAPABILITIES);

const pss: PssControl = {
  id: "capabilities-baseline",
  level: "baseline",
  control: "Capabilities",
  since: 0,
  judge: (pod) =>
    containersOf(pod.spec).flatMap((container) => {
      const added = stringsAt(container.spec, "securityContext", "capabilities", "add");
      const forbidden = added.filter((capability) => !ALLOWED.has(capability));
      return forbidden.length === 0
        ? []
        : [containerViolation(container, forbidden, "securityContext", "capabilities", "add")];
    }),
};

export const capabilitiesBaseline: Check = {
  id: pss.id,
  title: "Containers add no capability beyond the runtime's default set",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.2.8", "5.2.9"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 3", "Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.4", "2.2.6"],
    soc2: ["CC6.1", "CC6.8"],
  },
  remediation:
    "Remove capabilities such as SYS_ADMIN, NET_ADMIN or NET_RAW from `securityContext.capabilities.add`.",
  description:
    "Capabilities like SYS_ADMIN or NET_RAW give a container kernel powers that lead to the node or to spoofed traffic.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
