import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { authFailureBurst } from "./auth-failure-burst.ts";

describe("auth-failure-burst", () => {
  it("matches each refusal (the engine counts them against the threshold)", () => {
    expect(authFailureBurst.match(auditEvent({ responseCode: 403 }))?.evidence).toEqual({
      code: 403,
    });
    expect(authFailureBurst.match(auditEvent({ responseCode: 401 }))).toBeDefined();
    expect(authFailureBurst.threshold).toEqual({ count: 20, windowSeconds: 60 });
  });
  it("does not match an allowed request or a server error", () => {
    expect(authFailureBurst.match(auditEvent({ responseCode: 200 }))).toBeUndefined();
    expect(authFailureBurst.match(auditEvent({ responseCode: 500 }))).toBeUndefined();
  });
});
