import { containersOf } from "../../model/containers.ts";
import { stringAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

/** Every handler with a `host` field: three probes and two lifecycle hooks, HTTP and TCP. */
const HANDLERS = [
  ["livenessProbe"],
  ["readinessProbe"],
  ["startupProbe"],
  ["lifecycle", "postStart"],
  ["lifecycle", "preStop"],
].flatMap((handler) => [
  [...handler, "httpGet", "host"],
  [...handler, "tcpSocket", "host"],
]);

const pss: PssControl = {
  id: "host-probes-lifecycle",
  level: "baseline",
  control: "Host Probes / Lifecycle Hooks",
  since: 34,
  judge: (pod) =>
    containersOf(pod.spec).flatMap((container) =>
      HANDLERS.flatMap((path) => {
        const host = stringAt(container.spec, ...path);
        return host === undefined || host === ""
          ? []
          : [containerViolation(container, host, ...path)];
      }),
    ),
};

export const hostProbesLifecycle: Check = {
  id: pss.id,
  title: "Probes and lifecycle hooks target only the pod itself",
  pillar: "workload",
  severity: "medium",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Remove `host` from httpGet and tcpSocket probes and lifecycle hooks; they then target the pod's own IP.",
  description:
    "The kubelet performs probes from the node: a `host` field turns it into a proxy to any address the node can reach.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
