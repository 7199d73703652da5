import { isObject, objectsAt, stringAt } from "../../model/fields.ts";
import { evaluatePssControl, pssTags, type PssControl } from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const pss: PssControl = {
  id: "host-path-volumes",
  level: "baseline",
  control: "HostPath Volumes",
  since: 0,
  judge: (pod) =>
    objectsAt(pod.spec, "volumes").flatMap((volume, index) =>
      isObject(volume["hostPath"])
        ? [
            {
              field: `spec.volumes[${index}].hostPath`,
              value: {
                volume: stringAt(volume, "name"),
                path: stringAt(volume, "hostPath", "path"),
              },
            },
          ]
        : [],
    ),
};

export const hostPathVolumes: Check = {
  id: pss.id,
  title: "Pods mount no hostPath volume",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.2.12"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    hipaa: ["164.312(a)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.1", "CC6.8"],
  },
  remediation:
    "Replace hostPath volumes with emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim.",
  description:
    "A hostPath volume reaches the node's file system: the kubelet's credentials, the container runtime socket, other pods' data.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
