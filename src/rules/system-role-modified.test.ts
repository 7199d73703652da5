import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { systemRoleModified } from "./system-role-modified.ts";

describe("system-role-modified", () => {
  const change = (name: string, username = "alice") =>
    auditEvent({ verb: "patch", username, objectRef: { resource: "clusterroles", name } });
  it("fires when a person patches system:node", () => {
    expect(systemRoleModified.match(change("system:node"))).toBeDefined();
  });
  it("stays quiet for other roles and for the apiserver's own reconciliation", () => {
    expect(systemRoleModified.match(change("app-reader"))).toBeUndefined();
    expect(systemRoleModified.match(change("system:node", "system:apiserver"))).toBeUndefined();
  });
});
