import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { secretsListWatch } from "./secrets-list-watch.ts";

describe("secrets-list-watch", () => {
  it("fires on a cluster-wide list of Secrets", () => {
    const event = auditEvent({ verb: "list", objectRef: { resource: "secrets" } });
    expect(secretsListWatch.match(event)?.evidence).toEqual({ scope: "all namespaces" });
  });
  it("stays quiet on a get and on the control plane's watches", () => {
    expect(
      secretsListWatch.match(auditEvent({ verb: "get", objectRef: { resource: "secrets" } })),
    ).toBeUndefined();
    const controller = auditEvent({
      verb: "watch",
      username: "system:kube-controller-manager",
      objectRef: { resource: "secrets" },
    });
    expect(secretsListWatch.match(controller)).toBeUndefined();
  });
});
