import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { anonymousAccess } from "./anonymous-access.ts";

describe("anonymous-access", () => {
  it("fires when an anonymous list of pods succeeds", () => {
    const event = auditEvent({
      username: "system:anonymous",
      verb: "list",
      requestURI: "/api/v1/pods",
    });
    expect(anonymousAccess.match(event)).toBeDefined();
  });
  it("stays quiet on public health paths and on refusals", () => {
    const health = auditEvent({ username: "system:anonymous", requestURI: "/readyz?verbose" });
    const refused = auditEvent({ username: "system:anonymous", responseCode: 403 });
    expect(anonymousAccess.match(health)).toBeUndefined();
    expect(anonymousAccess.match(refused)).toBeUndefined();
  });
});
