import { isObject, objectsAt, stringAt } from "../../model/fields.ts";
import { evaluatePssControl, pssTags, type PssControl } from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

/** Core volume types whose data Kubernetes itself provides or a PersistentVolume defines. */
const ALLOWED = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

const pss: PssControl = {
  id: "volume-types",
  level: "restricted",
  control: "Volume Types",
  since: 0,
  judge: (pod) =>
    objectsAt(pod.spec, "volumes").flatMap((volume, index) => {
      if (ALLOWED.some((type) => isObject(volume[type]))) return [];
      // Name the source that is set; a volume with no known source is not allowed either.
      const type = Object.keys(volume)
        .filter((key) => key !== "name" && isObject(volume[key]))
        .sort()[0];
      return [
        {
          field: `spec.volumes[${index}]${type === undefined ? "" : `.${type}`}`,
          value: { volume: stringAt(volume, "name"), type: type ?? "unknown" },
        },
      ];
    }),
};

export const volumeTypes: Check = {
  id: pss.id,
  title: "Pods use only core volume types (configMap, secret, emptyDir, PVC, ...)",
  pillar: "workload",
  severity: "medium",
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
    soc2: ["CC6.1"],
  },
  remediation:
    "Mount storage through a PersistentVolumeClaim or CSI; replace hostPath, nfs, gitRepo and other in-line volume sources.",
  description:
    "In-line volume sources (nfs, iscsi, gitRepo, hostPath, ...) let a pod author reach storage no administrator granted.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
