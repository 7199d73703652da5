import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { denyAll, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { podEgressInternet } from "./pod-egress-internet.ts";

describe("pod-egress-internet", () => {
  it("fails a pod with open egress and one whose rule admits public CIDRs on 443", () => {
    const https = netPolicy("b", "https", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }],
          ports: [{ port: 443 }],
        },
      ],
    });
    const results = podEgressInternet.evaluate(
      contextOf([netPod("a", "open"), netPod("b", "web"), https]),
    );
    expect(results.map((r) => [r.target.name, r.status])).toEqual([
      ["open", "fail"],
      ["web", "fail"],
    ]);
    expect(results[1]?.evidence).toEqual({
      reasons: ["b/https egress[0]"],
      connections: "TCP 443",
    });
  });

  it("passes pods whose egress reaches only pods and private ranges", () => {
    const inCluster = netPolicy("a", "in", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: "172.16.0.0/12" } }] }],
    });
    const results = podEgressInternet.evaluate(
      contextOf([netPod("a", "p"), inCluster, netPod("c", "q"), denyAll("c")]),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });
});
