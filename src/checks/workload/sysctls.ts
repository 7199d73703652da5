import { objectsAt, stringAt } from "../../model/fields.ts";
import { evaluatePssControl, pssTags, type PssControl } from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

/** The "safe" sysctls: namespaced, and isolated from other pods on the node. By version. */
const SAFE: readonly (readonly [number, readonly string[]])[] = [
  [
    0,
    [
      "kernel.shm_rmid_forced",
      "net.ipv4.ip_local_port_range",
      "net.ipv4.tcp_syncookies",
      "net.ipv4.ping_group_range",
      "net.ipv4.ip_unprivileged_port_start",
    ],
  ],
  [27, ["net.ipv4.ip_local_reserved_ports"]],
  [
    29,
    [
      "net.ipv4.tcp_keepalive_time",
      "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl",
      "net.ipv4.tcp_keepalive_probes",
    ],
  ],
  [32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]],
];

function safeSysctls(minor: number): ReadonlySet<string> {
  return new Set(SAFE.filter(([since]) => minor >= since).flatMap(([, names]) => names));
}

const pss: PssControl = {
  id: "sysctls",
  level: "baseline",
  control: "Sysctls",
  since: 0,
  judge: (pod, minor) => {
    const safe = safeSysctls(minor);
    return objectsAt(pod.spec, "securityContext", "sysctls").flatMap((sysctl, index) => {
      const name = stringAt(sysctl, "name") ?? "";
      return safe.has(name)
        ? []
        : [{ field: `spec.securityContext.sysctls[${index}].name`, value: name }];
    });
  },
};

export const sysctls: Check = {
  id: pss.id,
  title: "Pods set only safe, namespaced sysctls",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.7.3"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.8"],
  },
  remediation:
    "Remove sysctls outside the safe set; tune node-wide kernel parameters on the node, not from a pod.",
  description:
    "An unsafe sysctl changes kernel settings shared by every pod on the node, or disables protections.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
