import { containersOf } from "../../model/containers.ts";
import { objectAt, stringAt } from "../../model/fields.ts";
import {
  containerField,
  evaluatePssControl,
  pssTags,
  type PssControl,
  type PssViolation,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const TYPES = ["", "container_t", "container_init_t", "container_kvm_t"];
/** From v1.31 the standard also allows the type nested container engines run as. */
const TYPES_1_31 = [...TYPES, "container_engine_t"];

function violationsOf(owner: unknown, base: string, minor: number, container?: string) {
  const options = objectAt(owner, "securityContext", "seLinuxOptions");
  if (options === undefined) return [];
  const at = (field: string, value: string): PssViolation => ({
    ...(container === undefined ? {} : { container }),
    field: `${base}.securityContext.seLinuxOptions.${field}`,
    value,
  });
  const type = stringAt(options, "type") ?? "";
  const user = stringAt(options, "user") ?? "";
  const role = stringAt(options, "role") ?? "";
  return [
    ...((minor >= 31 ? TYPES_1_31 : TYPES).includes(type) ? [] : [at("type", type)]),
    ...(user === "" ? [] : [at("user", user)]),
    ...(role === "" ? [] : [at("role", role)]),
  ];
}

const pss: PssControl = {
  id: "selinux-options",
  level: "baseline",
  control: "SELinux",
  since: 0,
  judge: (pod, minor) => [
    ...violationsOf(pod.spec, "spec", minor),
    ...containersOf(pod.spec).flatMap((container) =>
      violationsOf(container.spec, containerField(container), minor, container.name),
    ),
  ],
};

export const selinuxOptions: Check = {
  id: pss.id,
  title: "SELinux options keep the container types and set no custom user or role",
  pillar: "workload",
  severity: "medium",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.7.3"],
    "nsa-cisa": ["Kubernetes Pod security: Hardening container environments"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.8"],
  },
  remediation:
    "Remove `seLinuxOptions.user` and `.role`; use type container_t, container_init_t, container_kvm_t or container_engine_t.",
  description:
    "A custom SELinux type such as spc_t or unconfined_t lifts the container's confinement.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
