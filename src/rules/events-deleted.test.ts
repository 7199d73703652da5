import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { eventsDeleted } from "./events-deleted.ts";

describe("events-deleted", () => {
  const deletion = (username: string) =>
    auditEvent({
      verb: "deletecollection",
      username,
      objectRef: { resource: "events", namespace: "shop" },
    });
  it("fires when a person deletes events", () => {
    expect(eventsDeleted.match(deletion("alice"))).toBeDefined();
  });
  it("stays quiet when the control plane does, and on reads", () => {
    expect(eventsDeleted.match(deletion("system:kube-controller-manager"))).toBeUndefined();
    expect(
      eventsDeleted.match(auditEvent({ verb: "list", objectRef: { resource: "events" } })),
    ).toBeUndefined();
  });
});
