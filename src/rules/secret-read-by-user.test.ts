import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { secretReadByUser } from "./secret-read-by-user.ts";

describe("secret-read-by-user", () => {
  const read = (username: string) =>
    auditEvent({
      verb: "get",
      username,
      objectRef: { resource: "secrets", namespace: "shop", name: "db" },
    });
  it("fires when a person reads a Secret", () => {
    expect(secretReadByUser.match(read("alice"))?.message).toBe("alice read Secret shop/db");
  });
  it("stays quiet when a workload's ServiceAccount reads it", () => {
    expect(secretReadByUser.match(read("system:serviceaccount:shop:api"))).toBeUndefined();
  });
});
