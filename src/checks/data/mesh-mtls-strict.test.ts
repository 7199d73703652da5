import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { namespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { meshMtlsStrict } from "./mesh-mtls-strict.ts";

function peer(
  name: string,
  ns: string,
  mode: string | undefined,
  extra: Record<string, unknown> = {},
  created?: string,
): KubeObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: {
      name,
      namespace: ns,
      ...(created === undefined ? {} : { creationTimestamp: created }),
    },
    spec: { ...(mode === undefined ? {} : { mtls: { mode } }), ...extra },
  };
}
const shop = namespace("shop", { "istio-injection": "enabled" });
const evaluate = (...objects: KubeObject[]) => meshMtlsStrict.evaluate(contextOf(objects));

describe("mesh-mtls-strict", () => {
  it("skips when Istio is not in use", () => {
    expect(evaluate(pod("web", { containers: [{ name: "c" }] }))).toMatchObject([
      { status: "skip" },
    ]);
  });

  it("fails a meshed namespace without any PeerAuthentication (Istio defaults to PERMISSIVE)", () => {
    const [result] = evaluate(shop);
    expect(result).toMatchObject({
      status: "fail",
      target: { kind: "Namespace", name: "shop" },
      evidence: { mode: "PERMISSIVE", source: "Istio's default" },
    });
  });

  it("passes with a mesh-wide STRICT policy in the root namespace", () => {
    expect(evaluate(shop, peer("default", "istio-system", "STRICT"))[0]?.status).toBe("pass");
  });

  it("lets a namespace policy override the mesh, and UNSET inherit", () => {
    expect(
      evaluate(shop, peer("default", "istio-system", "STRICT"), peer("ns", "shop", "PERMISSIVE"))[0]
        ?.status,
    ).toBe("fail");
    expect(
      evaluate(shop, peer("default", "istio-system", "STRICT"), peer("ns", "shop", "UNSET"))[0]
        ?.status,
    ).toBe("pass");
    expect(
      evaluate(shop, peer("default", "istio-system", "PERMISSIVE"), peer("ns", "shop", "STRICT"))[0]
        ?.status,
    ).toBe("pass");
  });

  it("ignores workload policies (with a selector) for the namespace mode", () => {
    const workload = peer("web", "shop", "STRICT", { selector: { matchLabels: { app: "web" } } });
    expect(evaluate(shop, workload)[0]?.status).toBe("fail");
  });

  it("takes the oldest of several namespace-wide policies", () => {
    const older = peer("b-old", "shop", "DISABLE", {}, "2025-01-01T00:00:00Z");
    const newer = peer("a-new", "shop", "STRICT", {}, "2026-01-01T00:00:00Z");
    expect(evaluate(shop, newer, older)[0]?.evidence).toMatchObject({ mode: "DISABLE" });
  });

  it("covers namespaces enrolled by revision, ambient mode, or pod labels", () => {
    const results = evaluate(
      namespace("rev", { "istio.io/rev": "1-24" }),
      namespace("amb", { "istio.io/dataplane-mode": "ambient" }),
      namespace("off", {}),
      {
        ...pod("p", { containers: [{ name: "c" }] }, "labelled"),
        metadata: {
          name: "p",
          namespace: "labelled",
          labels: { "sidecar.istio.io/inject": "true" },
        },
      },
    );
    expect(results.map((result) => result.target.name)).toEqual(["amb", "labelled", "rev"]);
  });
});
