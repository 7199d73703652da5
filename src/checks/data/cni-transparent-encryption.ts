import { felixEnvironment } from "../../engines/tls/mesh.ts";
import { booleanAt, stringAt } from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import type { Result } from "../../model/check-meta.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "cni-transparent-encryption";
const CILIUM_KEYS = ["enable-wireguard", "enable-ipsec"] as const;
const FELIX_KEYS = ["wireguardEnabled", "wireguardEnabledV6"] as const;

export const cniTransparentEncryption: Check = {
  id,
  title: "The CNI encrypts pod traffic between nodes (Cilium or Calico WireGuard/IPsec)",
  pillar: "data",
  severity: "medium",
  scope: "cluster",
  reads: [
    "ConfigMap",
    "CiliumNodeConfig",
    "FelixConfiguration",
    ...["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"],
    ...["Job", "CronJob"],
  ],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Encryption"],
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(2)(ii)"],
    gdpr: ["Art. 32(1)(a)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    'Cilium: set `enable-wireguard: "true"` (or IPsec) in the cilium-config ConfigMap; Calico: set `wireguardEnabled: true` in the default FelixConfiguration, and remove per-node overrides that turn it off.',
  description:
    "Without transparent encryption, pod-to-pod traffic crosses the node network in clear text unless every workload is in an mTLS mesh. Judged per CNI configuration, as the agent on each node resolves it: Cilium's cilium-config ConfigMap (kube-system) and each CiliumNodeConfig, whose `defaults` override it on the nodes it selects; Calico's `default` FelixConfiguration and each per-node (`node.<name>`) or other FelixConfiguration, whose settings override the default's. A `FELIX_WIREGUARDENABLED` variable set on a calico-node container overrides them all. WireGuard encrypts only between nodes that both have it on, so a node left out is a gap for every node it talks to.",
  evaluate: ({ inventory }) => {
    const results = [...judgeCilium(inventory), ...judgeCalico(inventory)];
    return results.length > 0
      ? results
      : [
          skip(
            id,
            { kind: "Cluster", name: "cluster" },
            "No Cilium or Calico configuration in the input",
          ),
        ];
  },
};

function judgeCilium(inventory: Inventory): readonly Result[] {
  const base = inventory.get("ConfigMap", "kube-system", "cilium-config", "");
  const nodeConfigs = inventory.ofKind("CiliumNodeConfig", "cilium.io");
  if (base === undefined && nodeConfigs.length === 0) return [];
  const effective = (entry: InventoryEntry | undefined, path: readonly string[]) =>
    CILIUM_KEYS.filter(
      (key) =>
        (stringAt(entry?.object, ...path, key) ??
          (path[0] === "spec" ? stringAt(base?.object, "data", key) : undefined)) === "true",
    );
  const judge = (entry: InventoryEntry, on: readonly string[], scope: string): Result =>
    on.length > 0
      ? pass(id, entry.ref, `Cilium encryption${scope}: ${on.join(", ")}`)
      : fail(id, entry.ref, `Cilium runs without WireGuard or IPsec encryption${scope}`);
  return [
    ...(base === undefined ? [] : [judge(base, effective(base, ["data"]), "")]),
    ...nodeConfigs.map((entry) =>
      judge(entry, effective(entry, ["spec", "defaults"]), " on the nodes this config selects"),
    ),
  ];
}

function judgeCalico(inventory: Inventory): readonly Result[] {
  const configs = [
    ...inventory.ofKind("FelixConfiguration", "crd.projectcalico.org"),
    ...inventory.ofKind("FelixConfiguration", "projectcalico.org"),
  ];
  const global = configs.find((entry) => entry.object.metadata.name === "default");
  const fromEnv = felixEnvironment(inventory);
  return configs.map((entry) => {
    const name = entry.object.metadata.name;
    const scope =
      name === "default"
        ? ""
        : name.startsWith("node.")
          ? ` on node ${name.slice(5)}`
          : " on the nodes this config selects";
    const settings = FELIX_KEYS.map((key) => {
      const env = fromEnv.get(key);
      if (env !== undefined) return { key, value: env.value, from: env.from };
      const own = booleanAt(entry.object, "spec", key);
      if (own !== undefined) return { key, value: own, from: name };
      const inherited = booleanAt(global?.object, "spec", key);
      return {
        key,
        value: inherited ?? false,
        from: inherited === undefined ? "Felix's default" : "default",
      };
    });
    const unknown = settings.filter((setting) => setting.value === undefined);
    if (unknown.length > 0) {
      return skip(
        id,
        entry.ref,
        `Calico encryption${scope} is set by ${unknown.map((s) => s.from).join(", ")}, which is not a literal true or false`,
      );
    }
    const on = settings.filter((setting) => setting.value === true);
    const evidence = { settings: settings.map((s) => `${s.key}=${String(s.value)} (${s.from})`) };
    return on.length > 0
      ? pass(
          id,
          entry.ref,
          `Calico encryption${scope}: ${on.map((s) => `${s.key} (${s.from})`).join(", ")}`,
          evidence,
        )
      : fail(id, entry.ref, `Calico runs without WireGuard encryption${scope}`, evidence);
  });
}
