import { stringAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  objectName,
  wasAllowed,
  WRITE_VERBS,
  writtenObject,
  type Rule,
} from "./rule.ts";

export const nodeportService: Rule = {
  id: "nodeport-service",
  title: "NodePort Service written",
  pillar: "edge",
  severity: "medium",
  techniques: ["T1133"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Expose the workload through an Ingress or Gateway with TLS, or a LoadBalancer with source ranges, not on every node's port.",
  resources: ["services"],
  match: (event) => {
    if (!WRITE_VERBS.has(event.verb) || !wasAllowed(event)) return undefined;
    if (stringAt(writtenObject(event), "spec", "type") !== "NodePort") return undefined;
    return { message: `${event.user.username} exposed Service ${objectName(event)} as NodePort` };
  },
};
