import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { networkPolicySelectsPods } from "./network-policy-selects-pods.ts";

describe("network-policy-selects-pods", () => {
  it("fails a policy whose selector matches no pod (a label typo) and passes the other", () => {
    const results = networkPolicySelectsPods.evaluate(
      contextOf([
        netPod("a", "web", { app: "web" }),
        netPolicy("a", "typo", { podSelector: { matchLabels: { app: "wbe" } } }),
        netPolicy("a", "ok", { podSelector: { matchLabels: { app: "web" } } }),
        netPolicy("b", "elsewhere", { podSelector: {} }),
      ]),
    );
    expect(results.map((r) => [r.target.name, r.status])).toEqual([
      ["typo", "fail"],
      ["ok", "pass"],
      ["elsewhere", "fail"],
    ]);
  });
});
