import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { networkPolicyNoAllowAll } from "./network-policy-no-allow-all.ts";

describe("network-policy-no-allow-all", () => {
  it("fails rules open to every peer on every port, in both directions", () => {
    const results = networkPolicyNoAllowAll.evaluate(
      contextOf([
        netPolicy("a", "open", {
          podSelector: {},
          ingress: [{}, { from: [{ namespaceSelector: {} }], ports: [{ port: 80 }] }],
          egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
        }),
      ]),
    );
    expect(results[0]).toMatchObject({
      status: "fail",
      evidence: { rules: ["ingress[0]", "egress[0]"] },
    });
  });

  it("passes named peers, CIDRs with an except, and an all-namespaces peer narrowed by pods", () => {
    const results = networkPolicyNoAllowAll.evaluate(
      contextOf([
        netPolicy("a", "narrow", {
          podSelector: {},
          ingress: [
            { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { a: "b" } } }] },
          ],
          egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }],
        }),
      ]),
    );
    expect(results[0]?.status).toBe("pass");
  });
});
