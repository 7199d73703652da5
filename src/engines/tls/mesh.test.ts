import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { cniEncryptionOf, meshesPresent, namespaceDataplane, podDataplane } from "./mesh.ts";
import { calicoNodeWithWireguard } from "../../../test/helpers/calico.ts";

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

describe("cniEncryptionOf", () => {
  const felix = (name: string, wireguardEnabled?: boolean): KubeObject => ({
    apiVersion: "crd.projectcalico.org/v1",
    kind: "FelixConfiguration",
    metadata: { name },
    spec: wireguardEnabled === undefined ? {} : { wireguardEnabled },
  });
  const ciliumConfig = (data: Record<string, string>): KubeObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cilium-config", namespace: "kube-system" },
    data,
  });
  const ciliumNode = (defaults: Record<string, string>): KubeObject => ({
    apiVersion: "cilium.io/v2",
    kind: "CiliumNodeConfig",
    metadata: { name: "pool", namespace: "kube-system" },
    spec: { nodeSelector: {}, defaults },
  });

  it("names the setting when every node's configuration encrypts", () => {
    expect(cniEncryptionOf(inventoryOf(ciliumConfig({ "enable-wireguard": "true" })))).toBe(
      "Cilium enable-wireguard",
    );
    expect(cniEncryptionOf(inventoryOf(felix("default", true), felix("node.a")))).toBe(
      "Calico wireguardEnabled",
    );
    expect(cniEncryptionOf(inventoryOf(felix("default"), calicoNodeWithWireguard("true")))).toBe(
      "Calico FELIX_WIREGUARDENABLED",
    );
  });

  it("claims nothing when a node's own configuration turns encryption off", () => {
    // WireGuard encrypts only between peers that both run it: one node off is a gap for all.
    expect(
      cniEncryptionOf(
        inventoryOf(
          ciliumConfig({ "enable-wireguard": "true" }),
          ciliumNode({ "enable-wireguard": "false" }),
        ),
      ),
    ).toBeUndefined();
    expect(cniEncryptionOf(inventoryOf(felix("default", true), felix("node.b", false)))).toBe(
      undefined,
    );
    expect(
      cniEncryptionOf(inventoryOf(felix("default", true), calicoNodeWithWireguard("false"))),
    ).toBeUndefined();
    expect(cniEncryptionOf(inventoryOf(felix("default")))).toBeUndefined();
  });
});
