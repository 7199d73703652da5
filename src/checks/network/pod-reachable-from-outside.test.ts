import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { podReachableFromOutside } from "./pod-reachable-from-outside.ts";

const ingressFrom = (cidr: string, except: string[] = []) =>
  netPolicy("a", "p", {
    podSelector: {},
    ingress: [{ from: [{ ipBlock: { cidr, except } }], ports: [{ port: "http" }] }],
  });

describe("pod-reachable-from-outside", () => {
  it("fails a pod not isolated for ingress", () => {
    const results = podReachableFromOutside.evaluate(contextOf([netPod("a", "web")]));
    expect(results[0]).toMatchObject({
      status: "fail",
      evidence: { reasons: ["not isolated for ingress"] },
    });
  });

  it("fails an ipBlock with public addresses and reports the ports, named ones resolved", () => {
    const results = podReachableFromOutside.evaluate(
      contextOf([netPod("a", "web"), ingressFrom("0.0.0.0/0", ["10.0.0.0/8"])]),
    );
    expect(results[0]).toMatchObject({
      status: "fail",
      evidence: { reasons: ["a/p ingress[0]"], connections: "TCP 8080" },
    });
  });

  it("passes ipBlocks that stay within private ranges, or whose excepts cover them", () => {
    const privateOnly = podReachableFromOutside.evaluate(
      contextOf([netPod("a", "web"), ingressFrom("10.0.0.0/8")]),
    );
    expect(privateOnly[0]?.status).toBe("pass");
    const covered = podReachableFromOutside.evaluate(
      contextOf([
        netPod("a", "web"),
        ingressFrom("203.0.113.0/24", ["203.0.113.0/25", "203.0.113.128/25"]),
      ]),
    );
    expect(covered[0]?.status).toBe("pass");
  });
});
