import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { denyAll, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { podIsolated } from "./pod-isolated.ts";

describe("pod-isolated", () => {
  it("passes pods isolated both ways and fails the others with the open direction", () => {
    const ingressOnly = netPolicy("b", "in", { podSelector: { matchLabels: { app: "x" } } });
    const results = podIsolated.evaluate(
      contextOf([netPod("a", "p"), denyAll("a"), netPod("b", "x", { app: "x" }), ingressOnly]),
    );
    expect(results.map((r) => [r.target.name, r.status, r.evidence])).toEqual([
      ["p", "pass", undefined],
      ["x", "fail", { notIsolated: ["egress"] }],
    ]);
  });

  it("fails hostNetwork pods, which no NetworkPolicy selects", () => {
    const results = podIsolated.evaluate(
      contextOf([netPod("a", "h", {}, { hostNetwork: true }), denyAll("a")]),
    );
    expect(results[0]).toMatchObject({ status: "fail", evidence: { hostNetwork: true } });
  });
});
