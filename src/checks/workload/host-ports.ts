import { containersOf } from "../../model/containers.ts";
import { numberAt, objectsAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const pss: PssControl = {
  id: "host-ports",
  level: "baseline",
  control: "Host Ports",
  since: 0,
  // The table allows a known list too, but the built-in admission controller supports none:
  // only 0 and unset pass.
  judge: (pod) =>
    containersOf(pod.spec).flatMap((container) =>
      objectsAt(container.spec, "ports").flatMap((port, index) => {
        const hostPort = numberAt(port, "hostPort");
        return hostPort === undefined || hostPort === 0
          ? []
          : [containerViolation(container, hostPort, `ports[${index}]`, "hostPort")];
      }),
    ),
};

export const hostPorts: Check = {
  id: pss.id,
  title: "Containers bind no host port",
  pillar: "workload",
  severity: "medium",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.2.13"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["1.2.5", "2.2.6"],
    soc2: ["CC6.6"],
  },
  remediation: "Remove `hostPort`; expose the container through a Service instead.",
  description:
    "A host port opens the node's own address to the pod, outside Service routing and most NetworkPolicy implementations.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
