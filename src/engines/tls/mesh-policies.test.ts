import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { namespaceMtls, tokenEnforcementOf } from "./mesh-policies.ts";

const V1 = "security.istio.io/v1";
const peer = (name: string, namespace: string, mode: string): KubeObject => ({
  apiVersion: V1,
  kind: "PeerAuthentication",
  metadata: { name, namespace },
  spec: { mtls: { mode } },
});

describe("namespaceMtls", () => {
  it("resolves namespace, then mesh-wide, then Istio's PERMISSIVE default", () => {
    expect(namespaceMtls(inventoryOf(), "shop")).toEqual({
      mode: "PERMISSIVE",
      source: "Istio's default",
    });
    expect(namespaceMtls(inventoryOf(peer("default", "istio-system", "STRICT")), "shop")).toEqual({
      mode: "STRICT",
      source: "PeerAuthentication istio-system/default",
    });
    expect(
      namespaceMtls(
        inventoryOf(peer("default", "istio-system", "STRICT"), peer("p", "shop", "DISABLE")),
        "shop",
      ).mode,
    ).toBe("DISABLE");
  });

  it("ignores PeerAuthentications of other API groups", () => {
    expect(
      namespaceMtls(
        inventoryOf({ ...peer("p", "shop", "STRICT"), apiVersion: "example.com/v1" }),
        "shop",
      ).mode,
    ).toBe("PERMISSIVE");
  });
});

describe("tokenEnforcementOf", () => {
  it("lists the ALLOW policies that admit requests without a token", () => {
    const inventory = inventoryOf(
      {
        apiVersion: V1,
        kind: "RequestAuthentication",
        metadata: { name: "jwt", namespace: "shop" },
        spec: {},
      },
      {
        apiVersion: V1,
        kind: "AuthorizationPolicy",
        metadata: { name: "open", namespace: "shop" },
        spec: { rules: [{ to: [{ operation: { methods: ["GET"] } }] }] },
      },
      {
        apiVersion: V1,
        kind: "AuthorizationPolicy",
        metadata: { name: "deny-all", namespace: "shop" },
        spec: {},
      },
    );
    const [ra] = inventory.ofKind("RequestAuthentication");
    expect(ra && tokenEnforcementOf(inventory, ra)).toEqual({
      denying: [],
      allowing: ["shop/open", "shop/deny-all"],
      open: ["shop/open"],
    });
  });
});
