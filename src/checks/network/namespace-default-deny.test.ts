import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { denyAll, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { namespaceDefaultDeny } from "./namespace-default-deny.ts";

describe("namespace-default-deny", () => {
  it("passes a namespace whose podSelector: {} policy isolates both directions", () => {
    const results = namespaceDefaultDeny.evaluate(contextOf([netPod("a", "p"), denyAll("a")]));
    expect(results.map((r) => [r.target.name, r.status])).toEqual([["a", "pass"]]);
  });

  it("names the missing direction: an ingress-only default deny leaves egress open", () => {
    const results = namespaceDefaultDeny.evaluate(
      contextOf([netPod("a", "p"), netPolicy("a", "in", { podSelector: {} }), netPod("b", "q")]),
    );
    expect(results.map((r) => [r.target.name, r.status, r.evidence])).toEqual([
      ["a", "fail", { missing: ["egress"] }],
      ["b", "fail", { missing: ["ingress", "egress"] }],
    ]);
  });

  it("does not count a policy that selects only some pods", () => {
    const partial = netPolicy("a", "web", {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Ingress", "Egress"],
    });
    const results = namespaceDefaultDeny.evaluate(contextOf([netPod("a", "p"), partial]));
    expect(results[0]?.status).toBe("fail");
  });
});
