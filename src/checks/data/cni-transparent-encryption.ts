import { booleanAt, stringAt } from "../../model/fields.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "cni-transparent-encryption";

export const cniTransparentEncryption: Check = {
  id,
  title: "The CNI encrypts pod traffic between nodes (Cilium or Calico WireGuard/IPsec)",
  pillar: "data",
  severity: "medium",
  scope: "cluster",
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
    'Cilium: set `enable-wireguard: "true"` (or IPsec) in the cilium-config ConfigMap; Calico: set `wireguardEnabled: true` in the default FelixConfiguration.',
  description:
    "Without transparent encryption, pod-to-pod traffic crosses the node network in clear text unless every workload is in an mTLS mesh.",
  evaluate: ({ inventory }) => {
    const results = [];
    const cilium = inventory.get("ConfigMap", "kube-system", "cilium-config", "");
    if (cilium !== undefined) {
      const on = ["enable-wireguard", "enable-ipsec"].filter(
        (key) => stringAt(cilium.object, "data", key) === "true",
      );
      results.push(
        on.length > 0
          ? pass(id, cilium.ref, `Cilium encryption: ${on.join(", ")}`)
          : fail(id, cilium.ref, "Cilium runs without WireGuard or IPsec encryption"),
      );
    }
    const felix = [
      ...inventory.ofKind("FelixConfiguration", "crd.projectcalico.org"),
      ...inventory.ofKind("FelixConfiguration", "projectcalico.org"),
    ].filter((entry) => entry.object.metadata.name === "default");
    for (const entry of felix) {
      const on = ["wireguardEnabled", "wireguardEnabledV6"].filter(
        (key) => booleanAt(entry.object, "spec", key) === true,
      );
      results.push(
        on.length > 0
          ? pass(id, entry.ref, `Calico encryption: ${on.join(", ")}`)
          : fail(id, entry.ref, "Calico runs without WireGuard encryption"),
      );
    }
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
