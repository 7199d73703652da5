import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { cniTransparentEncryption } from "./cni-transparent-encryption.ts";

const cilium = (data: Record<string, string>, namespace = "kube-system"): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cilium-config", namespace },
  data,
});
const felix = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: "crd.projectcalico.org/v1",
  kind: "FelixConfiguration",
  metadata: { name: "default" },
  spec,
});
const evaluate = (...objects: KubeObject[]) =>
  cniTransparentEncryption.evaluate(contextOf(objects));

describe("cni-transparent-encryption", () => {
  it("passes Cilium with WireGuard or IPsec", () => {
    expect(evaluate(cilium({ "enable-wireguard": "true" }))[0]?.status).toBe("pass");
    expect(
      evaluate(cilium({ "enable-ipsec": "true", "enable-wireguard": "false" }))[0]?.message,
    ).toBe("Cilium encryption: enable-ipsec");
  });

  it("fails Cilium without encryption", () => {
    expect(evaluate(cilium({ "enable-wireguard": "false" }))[0]?.status).toBe("fail");
  });

  it("judges Calico's default FelixConfiguration", () => {
    expect(evaluate(felix({ wireguardEnabled: true }))[0]?.status).toBe("pass");
    expect(evaluate(felix({}))[0]?.status).toBe("fail");
  });

  it("skips when no Cilium or Calico configuration is present, ignoring a cilium-config elsewhere", () => {
    expect(evaluate(cilium({ "enable-wireguard": "true" }, "default"))).toMatchObject([
      { status: "skip" },
    ]);
  });
});
