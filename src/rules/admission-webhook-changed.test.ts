import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { admissionWebhookChanged } from "./admission-webhook-changed.ts";

describe("admission-webhook-changed", () => {
  const event = (verb: string) =>
    auditEvent({ verb, objectRef: { resource: "validatingwebhookconfigurations", name: "tenet" } });
  it("fires on a patch or a delete", () => {
    expect(admissionWebhookChanged.match(event("patch"))).toBeDefined();
    expect(admissionWebhookChanged.match(event("delete"))).toBeDefined();
  });
  it("stays quiet on reads", () => {
    expect(admissionWebhookChanged.match(event("get"))).toBeUndefined();
  });
});
