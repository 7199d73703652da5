import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { denyAll, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { podLateralMovement } from "./pod-lateral-movement.ts";

describe("pod-lateral-movement", () => {
  it("fails every pod of an open cluster with how many it reaches", () => {
    const results = podLateralMovement.evaluate(
      contextOf([netPod("a", "p1"), netPod("a", "p2"), netPod("b", "p3")]),
    );
    expect(results.map((r) => [r.target.name, r.status])).toEqual([
      ["p1", "fail"],
      ["p2", "fail"],
      ["p3", "fail"],
    ]);
    expect(results[0]?.evidence).toEqual({ reachable: 2, of: 2, namespaces: ["a", "b"] });
  });

  it("passes once policies cut the reach to at most half", () => {
    const onlyApi = netPolicy("a", "to-api", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ podSelector: { matchLabels: { app: "api" } } }] }],
    });
    const results = podLateralMovement.evaluate(
      contextOf([
        netPod("a", "web", { app: "web" }),
        netPod("a", "api", { app: "api" }),
        netPod("b", "x"),
        netPod("b", "y"),
        denyAll("b"),
        onlyApi,
      ]),
    );
    expect(results.map((r) => [r.target.name, r.status, r.evidence?.["reachable"]])).toEqual([
      ["web", "pass", 1],
      ["api", "pass", 0],
      ["x", "pass", 0],
      ["y", "pass", 0],
    ]);
  });
});
