import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { denyAll, netPod, netPolicy } from "../../../test/fixtures/netpol/objects.ts";
import { podReachableFromAllNamespaces } from "./pod-reachable-from-all-namespaces.ts";

describe("pod-reachable-from-all-namespaces", () => {
  const callers = [netPod("b", "b1"), netPod("c", "c1"), netPod("d", "d1")];

  it("fails an open pod that every other namespace reaches", () => {
    const results = podReachableFromAllNamespaces.evaluate(
      contextOf([netPod("a", "api"), ...callers]),
    );
    expect(results[0]).toMatchObject({
      target: { name: "api" },
      status: "fail",
      evidence: { namespaces: ["b", "c", "d"] },
    });
  });

  it("passes a pod that admits only one namespace", () => {
    const only = netPolicy("a", "only-b", {
      podSelector: {},
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "b" } } }] },
      ],
    });
    const results = podReachableFromAllNamespaces.evaluate(
      contextOf([netPod("a", "api"), only, ...callers]),
    );
    expect(results[0]).toMatchObject({
      status: "pass",
      message: "Reachable from 1 of 3 other namespaces",
    });
  });

  it("counts the sources' egress too: denied egress everywhere closes the pod", () => {
    const results = podReachableFromAllNamespaces.evaluate(
      contextOf([netPod("a", "api"), ...callers, denyAll("b")]),
    );
    expect(results[0]?.status).toBe("pass");
  });
});
