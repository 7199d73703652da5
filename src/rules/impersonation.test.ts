import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { impersonation } from "./impersonation.ts";

describe("impersonation", () => {
  it("fires when a request impersonates another user", () => {
    const event = auditEvent({ impersonatedUser: { username: "bob", groups: ["admins"] } });
    expect(impersonation.match(event)?.evidence).toEqual({
      impersonatedUser: "bob",
      impersonatedGroups: ["admins"],
    });
  });
  it("stays quiet on a request in one's own name", () => {
    expect(impersonation.match(auditEvent())).toBeUndefined();
  });
});
