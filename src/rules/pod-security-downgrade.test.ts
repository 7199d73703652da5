import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { podSecurityDowngrade } from "./pod-security-downgrade.ts";

const label = "pod-security.kubernetes.io/enforce";
const patch = (requestObject: unknown) =>
  auditEvent({ verb: "patch", objectRef: { resource: "namespaces", name: "shop" }, requestObject });

describe("pod-security-downgrade", () => {
  it("fires when a merge patch sets privileged or removes the label", () => {
    expect(
      podSecurityDowngrade.match(patch({ metadata: { labels: { [label]: "privileged" } } }))
        ?.evidence,
    ).toEqual({ label, value: "privileged" });
    expect(
      podSecurityDowngrade.match(patch({ metadata: { labels: { [label]: null } } }))?.evidence,
    ).toEqual({ label, value: null });
  });
  it("fires on a JSON patch that removes the label", () => {
    const ops = [{ op: "remove", path: "/metadata/labels/pod-security.kubernetes.io~1enforce" }];
    expect(podSecurityDowngrade.match(patch(ops))).toBeDefined();
  });
  it("stays quiet when enforcement is set to restricted or other labels change", () => {
    expect(
      podSecurityDowngrade.match(patch({ metadata: { labels: { [label]: "restricted" } } })),
    ).toBeUndefined();
    expect(
      podSecurityDowngrade.match(patch({ metadata: { labels: { team: "a" } } })),
    ).toBeUndefined();
  });
});
