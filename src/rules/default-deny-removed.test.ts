import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { defaultDenyRemoved } from "./default-deny-removed.ts";

const deletion = (name: string, responseObject?: unknown) =>
  auditEvent({
    verb: "delete",
    objectRef: { resource: "networkpolicies", namespace: "shop", name },
    ...(responseObject === undefined ? {} : { responseObject }),
  });

describe("default-deny-removed", () => {
  it("fires on deleting a policy that selects every pod and allows no ingress", () => {
    const policy = { kind: "NetworkPolicy", spec: { podSelector: {}, policyTypes: ["Ingress"] } };
    expect(defaultDenyRemoved.match(deletion("baseline", policy))).toBeDefined();
  });
  it("falls back to the name at Metadata level", () => {
    expect(defaultDenyRemoved.match(deletion("default-deny-all"))).toBeDefined();
  });
  it("stays quiet on deleting an allow policy", () => {
    const policy = {
      kind: "NetworkPolicy",
      spec: {
        podSelector: { matchLabels: { app: "web" } },
        policyTypes: ["Ingress"],
        ingress: [{}],
      },
    };
    expect(defaultDenyRemoved.match(deletion("default-deny", policy))).toBeUndefined();
  });
});
