import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { netPod } from "../../../test/fixtures/netpol/objects.ts";
import { clusterNetworkPolicy } from "./cluster-network-policy.ts";

describe("cluster-network-policy", () => {
  it("fails a cluster with pods and no cluster-scoped network policy", () => {
    const results = clusterNetworkPolicy.evaluate(contextOf([netPod("a", "p")]));
    expect(results.map((r) => r.status)).toEqual(["fail"]);
  });

  it("passes with a BaselineAdminNetworkPolicy and names it", () => {
    const banp = {
      apiVersion: "policy.networking.k8s.io/v1alpha1",
      kind: "BaselineAdminNetworkPolicy",
      metadata: { name: "default" },
      spec: { subject: { namespaces: {} }, ingress: [] },
    };
    const results = clusterNetworkPolicy.evaluate(contextOf([netPod("a", "p"), banp]));
    expect(results[0]).toMatchObject({
      status: "pass",
      evidence: { policies: ["BaselineAdminNetworkPolicy default"] },
    });
  });

  it("skips an input without pods", () => {
    expect(clusterNetworkPolicy.evaluate(contextOf([]))[0]?.status).toBe("skip");
  });
});
