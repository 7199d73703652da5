import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { attachedRoutes } from "./gateway-routes.ts";

const V1 = "gateway.networking.k8s.io/v1";
const listener = { name: "http", protocol: "HTTP", port: 80 };
const gateway: KubeObject = {
  apiVersion: V1,
  kind: "Gateway",
  metadata: { name: "gw", namespace: "edge" },
  spec: { listeners: [listener] },
};
const route = (
  name: string,
  parentRef: Record<string, unknown>,
  namespace = "edge",
): KubeObject => ({
  apiVersion: V1,
  kind: "HTTPRoute",
  metadata: { name, namespace },
  spec: { parentRefs: [parentRef] },
});

function attached(...routes: KubeObject[]): string[] {
  const inventory = inventoryOf(gateway, ...routes);
  const [entry] = inventory.ofKind("Gateway");
  if (entry === undefined) throw new Error("no Gateway");
  return attachedRoutes(inventory, entry, listener).map((item) => item.object.metadata.name);
}

describe("attachedRoutes", () => {
  it("attaches by name, section and port, defaulting group, kind and namespace", () => {
    expect(
      attached(
        route("plain", { name: "gw" }),
        route("section", { name: "gw", sectionName: "http" }),
        route("port", { name: "gw", port: 80 }),
        route("wrong-section", { name: "gw", sectionName: "https" }),
        route("wrong-port", { name: "gw", port: 443 }),
        route("wrong-kind", { name: "gw", kind: "Service", group: "" }),
        route("other-gateway", { name: "gw2" }),
      ),
    ).toEqual(["plain", "section", "port"]);
  });

  it("keeps routes of other namespaces out by default (allowedRoutes from Same)", () => {
    expect(attached(route("team", { name: "gw", namespace: "edge" }, "team"))).toEqual([]);
  });
});
