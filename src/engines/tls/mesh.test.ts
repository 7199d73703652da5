import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { meshesPresent, namespaceDataplane, podDataplane } from "./mesh.ts";

const namespace = (
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels, annotations },
});
function pod(
  ns: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: ns, labels, annotations },
    spec: {},
  };
}
function dataplaneOf(...objects: KubeObject[]) {
  const inventory = inventoryOf(...objects);
  const [first] = inventory.pods;
  if (first === undefined) throw new Error("no pod");
  return podDataplane(inventory, first);
}

describe("mesh membership", () => {
  it("detects the meshes present", () => {
    expect(meshesPresent(inventoryOf(pod("a")))).toEqual({ istio: false, linkerd: false });
    expect(
      meshesPresent(
        inventoryOf({
          apiVersion: "networking.istio.io/v1",
          kind: "Gateway",
          metadata: { name: "g", namespace: "a" },
        }),
      ),
    ).toMatchObject({ istio: true });
    expect(
      meshesPresent(inventoryOf(namespace("a", {}, { "linkerd.io/inject": "enabled" }))),
    ).toMatchObject({ linkerd: true });
  });

  it("reads namespace enrolment", () => {
    const inventory = inventoryOf(
      namespace("a", { "istio-injection": "enabled" }),
      namespace("b", { "istio.io/rev": "x" }),
      namespace("c", { "istio.io/dataplane-mode": "ambient" }),
      namespace("d"),
    );
    expect(
      ["a", "b", "c", "d", "undeclared"].map((ns) => namespaceDataplane(inventory, ns)),
    ).toEqual(["istio-sidecar", "istio-sidecar", "istio-ambient", undefined, undefined]);
  });

  it("applies pod opt-ins and opt-outs", () => {
    expect(
      dataplaneOf(
        namespace("a", { "istio-injection": "enabled" }),
        pod("a", { "sidecar.istio.io/inject": "false" }),
      ),
    ).toBeUndefined();
    expect(dataplaneOf(namespace("a"), pod("a", { "sidecar.istio.io/inject": "true" }))).toBe(
      "istio-sidecar",
    );
    expect(
      dataplaneOf(
        namespace("a", { "istio-injection": "disabled" }),
        pod("a", { "sidecar.istio.io/inject": "true" }),
      ),
    ).toBeUndefined();
    expect(dataplaneOf(pod("a", {}, { "linkerd.io/inject": "enabled" }))).toBe("linkerd");
    expect(
      dataplaneOf(
        namespace("a", {}, { "linkerd.io/inject": "enabled" }),
        pod("a", {}, { "linkerd.io/inject": "disabled" }),
      ),
    ).toBeUndefined();
  });
});
