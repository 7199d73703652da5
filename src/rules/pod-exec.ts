import type { AuditEvent } from "./audit-event.ts";
import {
  DETECTION_FRAMEWORKS,
  objectName,
  wasAuthorized,
  type Rule,
  type RuleHit,
} from "./rule.ts";

export const podExec: Rule = {
  id: "pod-exec",
  title: "Command run in or attached to a running container",
  pillar: "workload",
  severity: "high",
  techniques: ["T1609"],
  frameworks: { ...DETECTION_FRAMEWORKS, "pci-dss": ["10.2.1.2"] },
  remediation:
    "Confirm the session was expected; grant `pods/exec` and `pods/attach` to break-glass roles only.",
  description:
    "Exec and attach give a shell inside a workload's identity and network position, outside any deployment pipeline.",
  resources: ["pods/exec", "pods/attach"],
  match: (event: AuditEvent): RuleHit | undefined => {
    if (!wasAuthorized(event)) return undefined;
    const subresource = event.objectRef?.subresource ?? "exec";
    const command = commandOf(event.requestURI);
    return {
      message: `${event.user.username} ran ${subresource} in pod ${objectName(event)}`,
      evidence: { subresource, ...(command.length > 0 ? { command } : {}) },
    };
  },
};

/** The `command` query parameters of an exec URI, in order. */
function commandOf(uri: string): readonly string[] {
  const query = uri.indexOf("?");
  if (query < 0) return [];
  return new URLSearchParams(uri.slice(query + 1)).getAll("command");
}
