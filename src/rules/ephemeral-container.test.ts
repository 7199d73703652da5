import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { ephemeralContainer } from "./ephemeral-container.ts";

describe("ephemeral-container", () => {
  const debug = (verb: string) =>
    auditEvent({
      verb,
      objectRef: {
        resource: "pods",
        subresource: "ephemeralcontainers",
        namespace: "shop",
        name: "web",
      },
    });
  it("fires on kubectl debug's patch", () => {
    expect(ephemeralContainer.match(debug("patch"))).toBeDefined();
  });
  it("stays quiet on a read", () => {
    expect(ephemeralContainer.match(debug("get"))).toBeUndefined();
  });
});
