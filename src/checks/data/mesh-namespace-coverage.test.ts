import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { namespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { meshNamespaceCoverage } from "./mesh-namespace-coverage.ts";

const app = (name: string, ns: string) => pod(name, { containers: [{ name: "c" }] }, ns);
const evaluate = (...objects: KubeObject[]) => meshNamespaceCoverage.evaluate(contextOf(objects));

describe("mesh-namespace-coverage", () => {
  it("fails once for the cluster when there is no mesh and no CNI encryption", () => {
    expect(evaluate(app("web", "shop"))).toMatchObject([
      {
        status: "fail",
        target: { kind: "Cluster" },
        message: "No mTLS mesh or CNI encryption: pod traffic is plaintext",
      },
    ]);
  });

  it("passes once for the cluster when Cilium encrypts and no mesh runs", () => {
    const cilium: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cilium-config", namespace: "kube-system" },
      data: { "enable-wireguard": "true" },
    };
    expect(evaluate(app("web", "shop"), cilium)).toMatchObject([{ status: "pass" }]);
  });

  it("judges each application namespace when a mesh runs, skipping system namespaces", () => {
    const results = evaluate(
      namespace("shop", { "istio-injection": "enabled" }),
      namespace("billing", {}, { "linkerd.io/inject": "enabled" }),
      namespace("legacy"),
      app("web", "shop"),
      app("pay", "billing"),
      app("old", "legacy"),
      app("dns", "kube-system"),
    );
    expect(results.map((result) => [result.target.name, result.status])).toEqual([
      ["billing", "pass"],
      ["legacy", "fail"],
      ["shop", "pass"],
    ]);
  });

  it("fails a namespace where one pod opts out", () => {
    const optOut: KubeObject = {
      ...app("batch", "shop"),
      metadata: {
        name: "batch",
        namespace: "shop",
        labels: { "sidecar.istio.io/inject": "false" },
      },
    };
    const [result] = evaluate(
      namespace("shop", { "istio-injection": "enabled" }),
      app("web", "shop"),
      optOut,
    );
    expect(result).toMatchObject({ status: "fail", evidence: { workloads: ["Pod batch"] } });
  });

  it("does not count istio.io/rev when injection is disabled", () => {
    const [result] = evaluate(
      namespace("shop", { "istio-injection": "disabled", "istio.io/rev": "canary" }),
      namespace("mesh", { "istio-injection": "enabled" }),
      app("web", "shop"),
    );
    expect(result?.status).toBe("fail");
  });

  it("passes workloads outside the mesh when the CNI encrypts, naming them", () => {
    const felix: KubeObject = {
      apiVersion: "crd.projectcalico.org/v1",
      kind: "FelixConfiguration",
      metadata: { name: "default" },
      spec: { wireguardEnabled: true },
    };
    const [result] = evaluate(
      namespace("mesh", { "istio-injection": "enabled" }),
      namespace("legacy"),
      app("old", "legacy"),
      felix,
    );
    expect(result).toMatchObject({ status: "pass", evidence: { workloads: ["Pod old"] } });
    expect(evaluate(app("old", "legacy"), felix)).toMatchObject([
      { status: "pass", target: { kind: "Cluster" } },
    ]);
  });
});
