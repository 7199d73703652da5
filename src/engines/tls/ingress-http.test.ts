import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { ingressControllerOf, plainHttpOf } from "./ingress-http.ts";

const ingress = (
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
): KubeObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name: "web", namespace: "shop", annotations },
  spec,
});
const ingressClass = (name: string, controller: string): KubeObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "IngressClass",
  metadata: { name },
  spec: { controller },
});

function controllerOf(...objects: KubeObject[]): string | undefined {
  const inventory = inventoryOf(...objects);
  const [entry] = inventory.ofKind("Ingress");
  if (entry === undefined) throw new Error("no Ingress");
  return ingressControllerOf(inventory, entry);
}

describe("ingressControllerOf", () => {
  it("prefers the IngressClass's controller over the class name", () => {
    expect(
      controllerOf(
        ingress({ ingressClassName: "nginx" }),
        ingressClass("nginx", "example.com/other"),
      ),
    ).toBe("example.com/other");
    expect(
      controllerOf(
        ingress({ ingressClassName: "internal" }),
        ingressClass("internal", "k8s.io/ingress-nginx"),
      ),
    ).toBe("nginx");
  });

  it("falls back to the legacy annotation, then to nothing", () => {
    expect(controllerOf(ingress({}, { "kubernetes.io/ingress.class": "gce" }))).toBe("gce");
    expect(controllerOf(ingress({}))).toBeUndefined();
  });
});

describe("plainHttpOf", () => {
  it("returns undefined for a controller it does not model", () => {
    const inventory = inventoryOf(ingress({}));
    const [entry] = inventory.ofKind("Ingress");
    expect(entry && plainHttpOf(inventory, "haproxy", entry)).toBeUndefined();
  });
});
