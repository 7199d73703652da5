import { objectsAt, stringAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  objectName,
  WORKLOAD_RESOURCES,
  writtenPodSpec,
  type Rule,
} from "./rule.ts";

export const hostPathMount: Rule = {
  id: "host-path-mount",
  title: "Workload mounting a hostPath volume written",
  pillar: "workload",
  severity: "medium",
  techniques: ["T1611"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.2.12"] },
  remediation: "Use a PersistentVolumeClaim, ConfigMap or emptyDir instead of a hostPath volume.",
  resources: WORKLOAD_RESOURCES,
  match: (event) => {
    const paths = objectsAt(writtenPodSpec(event), "volumes")
      .map((volume) => stringAt(volume, "hostPath", "path"))
      .filter((path): path is string => path !== undefined);
    if (paths.length === 0) return undefined;
    return {
      message: `${event.user.username} wrote ${objectName(event)} mounting host path(s) ${paths.join(", ")}`,
      evidence: { paths },
    };
  },
};
