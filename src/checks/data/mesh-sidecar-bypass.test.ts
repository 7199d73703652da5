import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { namespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { meshSidecarBypass } from "./mesh-sidecar-bypass.ts";

function pod(
  ns: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: ns, labels, annotations },
    spec: { containers: [{ name: "c" }] },
  };
}
const evaluate = (...objects: KubeObject[]) => meshSidecarBypass.evaluate(contextOf(objects));
const istio = namespace("shop", { "istio-injection": "enabled" });

describe("mesh-sidecar-bypass", () => {
  it("passes a meshed pod without bypass", () => {
    expect(evaluate(istio, pod("shop"))).toMatchObject([{ status: "pass" }]);
  });

  it("fails a pod that opts out of an injected namespace", () => {
    expect(evaluate(istio, pod("shop", { "sidecar.istio.io/inject": "false" }))[0]).toMatchObject({
      status: "fail",
      evidence: { annotations: ["sidecar.istio.io/inject=false"] },
    });
    const linkerd = namespace("shop", {}, { "linkerd.io/inject": "enabled" });
    expect(evaluate(linkerd, pod("shop", {}, { "linkerd.io/inject": "disabled" }))[0]?.status).toBe(
      "fail",
    );
  });

  it("fails port and range exclusions, wherever the pod runs", () => {
    const [result] = evaluate(
      pod(
        "other",
        {},
        {
          "traffic.sidecar.istio.io/excludeInboundPorts": "9090",
          "config.linkerd.io/skip-outbound-ports": "",
        },
      ),
    );
    expect(result).toMatchObject({
      status: "fail",
      evidence: { annotations: ["traffic.sidecar.istio.io/excludeInboundPorts=9090"] },
    });
  });

  it("fails an ambient pod that opts out with dataplane-mode none", () => {
    expect(
      evaluate(
        namespace("shop", { "istio.io/dataplane-mode": "ambient" }),
        pod("shop", { "istio.io/dataplane-mode": "none" }),
      )[0]?.status,
    ).toBe("fail");
  });

  it("has nothing to say about pods outside any mesh", () => {
    expect(evaluate(pod("plain"))).toEqual([]);
  });
});
