import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { meshWorkloadMtls } from "./mesh-workload-mtls.ts";

function peer(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "security.istio.io/v1beta1",
    kind: "PeerAuthentication",
    metadata: { name: "web", namespace: "shop" },
    spec,
  };
}
const selector = { matchLabels: { app: "web" } };
const evaluate = (spec: Record<string, unknown>) =>
  meshWorkloadMtls.evaluate(contextOf([peer(spec)]));

describe("mesh-workload-mtls", () => {
  it("passes STRICT and UNSET workload policies", () => {
    expect(evaluate({ selector, mtls: { mode: "STRICT" } })[0]?.status).toBe("pass");
    expect(evaluate({ selector, portLevelMtls: { 8080: { mode: "STRICT" } } })[0]?.status).toBe(
      "pass",
    );
  });

  it("fails a PERMISSIVE or DISABLE workload mode", () => {
    expect(evaluate({ selector, mtls: { mode: "DISABLE" } })[0]).toMatchObject({
      status: "fail",
      message: "Plaintext accepted: mode DISABLE",
    });
  });

  it("fails a weak port under a STRICT workload mode and names the port", () => {
    const [result] = evaluate({
      selector,
      mtls: { mode: "STRICT" },
      portLevelMtls: { 8080: { mode: "STRICT" }, 9090: { mode: "PERMISSIVE" } },
    });
    expect(result).toMatchObject({
      status: "fail",
      evidence: { ports: [{ port: "9090", mode: "PERMISSIVE" }] },
    });
  });

  it("leaves namespace-wide policies to mesh-mtls-strict", () => {
    expect(evaluate({ mtls: { mode: "PERMISSIVE" } })).toEqual([]);
  });
});
