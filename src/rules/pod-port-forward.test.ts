import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { podPortForward } from "./pod-port-forward.ts";

describe("pod-port-forward", () => {
  const forward = (code: number) =>
    auditEvent({
      verb: "create",
      objectRef: { resource: "pods", subresource: "portforward", namespace: "db", name: "pg-0" },
      responseCode: code,
    });
  it("fires on an allowed port-forward", () => {
    expect(podPortForward.match(forward(101))?.message).toContain("db/pg-0");
  });
  it("stays quiet on a refused one", () => {
    expect(podPortForward.match(forward(403))).toBeUndefined();
  });
});
