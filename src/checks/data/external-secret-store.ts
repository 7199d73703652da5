import { objectsAt, stringAt } from "../../model/fields.ts";
import type { ObjectRef } from "../../model/kube-object.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "external-secret-store";
const CLUSTER: ObjectRef = { kind: "Cluster", name: "cluster" };

// Custom resources of External Secrets Operator, the Secrets Store CSI driver and the Vault
// Secrets Operator, by API group.
const STORE_GROUPS: Readonly<Record<string, string>> = {
  "external-secrets.io": "External Secrets Operator",
  "secrets-store.csi.x-k8s.io": "Secrets Store CSI driver",
  "secrets.hashicorp.com": "Vault Secrets Operator",
};

export const externalSecretStore: Check = {
  id,
  title: "Secrets come from an external secret store",
  pillar: "data",
  severity: "low",
  scope: "cluster",
  frameworks: {
    cis: ["5.4.2"],
    "nsa-cisa": ["Network separation and hardening: Secrets"],
    "cisa-ztmm": ["Data: Data Access"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Keep secrets in a dedicated store (Vault, a cloud secret manager) and deliver them with External Secrets Operator, the Secrets Store CSI driver or the Vault Agent injector.",
  description:
    "An external store gives short-lived credentials, rotation, and an audit of every read; Kubernetes Secrets alone give none of these.",
  evaluate: ({ inventory }) => {
    const used = new Map<string, number>();
    const count = (name: string) => used.set(name, (used.get(name) ?? 0) + 1);
    for (const entry of inventory.entries) {
      const group = entry.object.apiVersion.split("/")[0] ?? "";
      const name = STORE_GROUPS[group];
      if (name !== undefined) count(name);
    }
    for (const pod of inventory.pods) {
      if (pod.annotations["vault.hashicorp.com/agent-inject"] === "true")
        count("Vault Agent injector");
      const csi = objectsAt(pod.spec, "volumes").some(
        (volume) => stringAt(volume, "csi", "driver") === "secrets-store.csi.k8s.io",
      );
      if (csi) count("Secrets Store CSI driver");
    }
    const evidence = Object.fromEntries([...used].sort());
    return [
      used.size === 0
        ? fail(
            id,
            CLUSTER,
            "No external secret store in use: Vault Agent, External Secrets Operator, Secrets Store CSI",
          )
        : pass(id, CLUSTER, `In use: ${Object.keys(evidence).join(", ")}`, { objects: evidence }),
    ];
  },
};
