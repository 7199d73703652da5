import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { denyAll, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { namespaceIsolationHoles } from "./namespace-isolation-holes.ts";

describe("namespace-isolation-holes", () => {
  it("fails a namespace whose policies leave a pod unselected, and names it", () => {
    const web = netPolicy("a", "web", {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Ingress", "Egress"],
    });
    const results = namespaceIsolationHoles.evaluate(
      contextOf([netPod("a", "web", { app: "web" }), netPod("a", "new", { app: "nwe" }), web]),
    );
    expect(results[0]).toMatchObject({
      status: "fail",
      evidence: { pods: ["Pod new (ingress, egress)"] },
    });
  });

  it("passes with a default deny and skips namespaces with no policy at all", () => {
    const results = namespaceIsolationHoles.evaluate(
      contextOf([netPod("a", "p"), denyAll("a"), netPod("b", "q")]),
    );
    expect(results.map((r) => [r.target.name, r.status])).toEqual([
      ["a", "pass"],
      ["b", "skip"],
    ]);
  });
});
