import { DETECTION_FRAMEWORKS, isControlPlane, objectName, wasAllowed, type Rule } from "./rule.ts";

export const eventsDeleted: Rule = {
  id: "events-deleted",
  title: "Kubernetes Events deleted",
  pillar: "visibility",
  severity: "medium",
  techniques: ["T1070"],
  frameworks: { ...DETECTION_FRAMEWORKS, "pci-dss": ["10.3.2"] },
  remediation:
    "Find out why the Events were removed; Events expire on their own (--event-ttl), people have no reason to delete them.",
  resources: ["events"],
  match: (event) => {
    if (event.verb !== "delete" && event.verb !== "deletecollection") return undefined;
    if (!wasAllowed(event) || isControlPlane(event.user.username)) return undefined;
    return { message: `${event.user.username} ran ${event.verb} on events ${objectName(event)}` };
  },
};
