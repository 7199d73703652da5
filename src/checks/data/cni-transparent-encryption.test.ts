import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { cniTransparentEncryption } from "./cni-transparent-encryption.ts";
import { calicoNodeWithWireguard } from "../../../test/helpers/calico.ts";

const cilium = (data: Record<string, string>, namespace = "kube-system"): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cilium-config", namespace },
  data,
});
const felix = (spec: Record<string, unknown>, name = "default"): KubeObject => ({
  apiVersion: "crd.projectcalico.org/v1",
  kind: "FelixConfiguration",
  metadata: { name },
  spec,
});
const verdicts = (...objects: KubeObject[]) =>
  evaluate(...objects).map((result) => `${result.target.name} ${result.status}`);
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

  it("judges each per-node FelixConfiguration by what it overrides, the rest from the default", () => {
    expect(
      verdicts(
        felix({ wireguardEnabled: true }),
        felix({ wireguardEnabled: false }, "node.worker-3"),
        felix({ logSeverityScreen: "Debug" }, "node.worker-1"),
      ),
    ).toEqual(["default pass", "node.worker-3 fail", "node.worker-1 pass"]);
    const [, off] = evaluate(felix({}), felix({ wireguardEnabledV6: true }, "node.v6"));
    expect(off).toMatchObject({
      status: "pass",
      message: "Calico encryption on node v6: wireguardEnabledV6 (node.v6)",
    });
  });

  it("lets a calico-node environment variable override every FelixConfiguration", () => {
    expect(verdicts(felix({ wireguardEnabled: true }), calicoNodeWithWireguard("false"))).toEqual([
      "default fail",
    ]);
    expect(verdicts(felix({}), calicoNodeWithWireguard("true"))).toEqual(["default pass"]);
    expect(
      verdicts(felix({ wireguardEnabled: true }), calicoNodeWithWireguard("$(FROM_FILE)")),
    ).toEqual(["default skip"]);
  });

  it("judges each CiliumNodeConfig, falling back to cilium-config for keys it leaves out", () => {
    const nodeConfig = (name: string, defaults: Record<string, string>): KubeObject => ({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNodeConfig",
      metadata: { name, namespace: "kube-system" },
      spec: { nodeSelector: { matchLabels: { pool: name } }, defaults },
    });
    expect(
      verdicts(
        cilium({ "enable-wireguard": "true" }),
        nodeConfig("legacy", { "enable-wireguard": "false" }),
        nodeConfig("gpu", { mtu: "9000" }),
      ),
    ).toEqual(["cilium-config pass", "legacy fail", "gpu pass"]);
  });

  it("skips when no Cilium or Calico configuration is present, ignoring a cilium-config elsewhere", () => {
    expect(evaluate(cilium({ "enable-wireguard": "true" }, "default"))).toMatchObject([
      { status: "skip" },
    ]);
  });
});
