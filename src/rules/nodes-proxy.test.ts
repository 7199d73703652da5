import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { nodesProxy } from "./nodes-proxy.ts";

describe("nodes-proxy", () => {
  const proxy = (code: number) =>
    auditEvent({
      objectRef: { resource: "nodes", subresource: "proxy", name: "worker-1" },
      responseCode: code,
    });
  it("fires on an allowed nodes/proxy request", () => {
    expect(nodesProxy.match(proxy(200))).toBeDefined();
  });
  it("stays quiet on a refused one", () => {
    expect(nodesProxy.match(proxy(403))).toBeUndefined();
  });
});
