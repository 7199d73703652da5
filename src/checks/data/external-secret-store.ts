import { containersOf } from "../../model/containers.ts";
import { objectsAt, stringAt } from "../../model/fields.ts";
import type { Inventory } from "../../model/inventory.ts";
import type { PodTemplateView } from "../../model/pod-template.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "external-secret-store";
const CSI_DRIVER = "secrets-store.csi.k8s.io";
const VAULT_INJECT = "vault.hashicorp.com/agent-inject";

// Objects that write a Kubernetes Secret from an external store, and where they name it.
const SYNCERS: readonly (readonly [kind: string, group: string, tool: string])[] = [
  ["ExternalSecret", "external-secrets.io", "External Secrets Operator"],
  ["SecretProviderClass", "secrets-store.csi.x-k8s.io", "Secrets Store CSI driver"],
  ["VaultStaticSecret", "secrets.hashicorp.com", "Vault Secrets Operator"],
  ["VaultDynamicSecret", "secrets.hashicorp.com", "Vault Secrets Operator"],
  ["VaultPKISecret", "secrets.hashicorp.com", "Vault Secrets Operator"],
];

export const externalSecretStore: Check = {
  id,
  title: "Workloads take their secrets from an external secret store",
  pillar: "data",
  severity: "low",
  scope: "cluster",
  reads: [
    ...["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"],
    ...["Job", "CronJob", ...SYNCERS.map(([kind]) => kind)],
  ],
  frameworks: {
    cis: ["5.4.2"],
    "nsa-cisa": ["Network separation and hardening: Secrets"],
    "cisa-ztmm": ["Data: Data Access"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Keep secrets in a dedicated store (Vault, a cloud secret manager) and deliver them with External Secrets Operator, the Secrets Store CSI driver or the Vault Agent injector.",
  description:
    "An external store gives short-lived credentials, rotation, and an audit of every read; Kubernetes Secrets alone give none of these. Judged per namespace whose workloads consume secrets: it passes when every Secret they read (env, envFrom, secret and projected volumes) is written by External Secrets Operator (`target.name`), a SecretProviderClass (`secretObjects`) or the Vault Secrets Operator (`destination.name`) in that namespace, or when they read secrets only through the Secrets Store CSI driver or the Vault Agent injector; it fails naming each plain Secret. Image pull Secrets are not counted.",
  evaluate: ({ inventory }) => {
    const synced = syncedSecrets(inventory);
    const byNamespace = new Map<string, Usage>();
    for (const pod of inventory.pods) {
      const tools = [
        ...(pod.annotations[VAULT_INJECT] === "true" ? ["Vault Agent injector"] : []),
        ...(objectsAt(pod.spec, "volumes").some(
          (volume) => stringAt(volume, "csi", "driver") === CSI_DRIVER,
        )
          ? ["Secrets Store CSI driver"]
          : []),
      ];
      const names = secretsReadBy(pod);
      if (tools.length === 0 && names.length === 0) continue;
      const entry: Usage = byNamespace.get(pod.namespace) ?? {
        plain: new Map<string, string[]>(),
        tools: new Set<string>(),
      };
      byNamespace.set(pod.namespace, entry);
      for (const tool of tools) entry.tools.add(tool);
      for (const name of names) {
        const tool = synced.get(`${pod.namespace}/${name}`);
        if (tool !== undefined) entry.tools.add(tool);
        else {
          const readers = entry.plain.get(name);
          if (readers === undefined) entry.plain.set(name, [pod.ownerRef.name]);
          else readers.push(pod.ownerRef.name);
        }
      }
    }
    if (byNamespace.size === 0) {
      return [skip(id, { kind: "Cluster", name: "cluster" }, "No workload reads a secret")];
    }
    return [...byNamespace]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([namespace, usage]) => {
        const { plain, tools } = usage;
        const target = { apiVersion: "v1", kind: "Namespace", name: namespace };
        const stores = [...tools].sort();
        if (plain.size === 0) {
          return pass(id, target, `Secrets come from: ${stores.join(", ")}`, { stores });
        }
        const secrets = [...plain.keys()].sort();
        return fail(
          id,
          target,
          `Plain Kubernetes Secrets read by workloads: ${secrets.map((name) => `${name} (${readersOf(plain.get(name) ?? [])})`).join(", ")}`,
          { secrets, stores },
        );
      });
  },
};

/** The workloads that read a Secret, the first few by name: a Secret can have thousands. */
function readersOf(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, 5).join(", ");
  return unique.length > 5 ? `${shown} and ${unique.length - 5} more` : shown;
}

/** Per namespace: plain Secrets read (name -> workloads), and the stores in use. */
interface Usage {
  readonly plain: Map<string, string[]>;
  readonly tools: Set<string>;
}

/** `namespace/secret` -> the tool that writes it from an external store. */
function syncedSecrets(inventory: Inventory): ReadonlyMap<string, string> {
  const synced = new Map<string, string>();
  for (const [kind, group, tool] of SYNCERS) {
    for (const entry of inventory.ofKind(kind, group)) {
      const names =
        kind === "ExternalSecret"
          ? [stringAt(entry.object, "spec", "target", "name") ?? entry.object.metadata.name]
          : kind === "SecretProviderClass"
            ? objectsAt(entry.object, "spec", "secretObjects").flatMap(
                (object) => stringAt(object, "secretName") ?? [],
              )
            : [stringAt(entry.object, "spec", "destination", "name") ?? []].flat();
      for (const name of names) synced.set(`${entry.namespace ?? ""}/${name}`, tool);
    }
  }
  return synced;
}

/** Names of the Secrets a pod reads through its volumes and its containers' environment. */
function secretsReadBy(pod: PodTemplateView): readonly string[] {
  const names = new Set<string>();
  const add = (name: string | undefined): void => {
    if (name !== undefined && name !== "") names.add(name);
  };
  for (const volume of objectsAt(pod.spec, "volumes")) {
    add(stringAt(volume, "secret", "secretName"));
    for (const source of objectsAt(volume, "projected", "sources")) {
      add(stringAt(source, "secret", "name"));
    }
  }
  for (const container of containersOf(pod.spec)) {
    for (const env of objectsAt(container.spec, "env")) {
      add(stringAt(env, "valueFrom", "secretKeyRef", "name"));
    }
    for (const from of objectsAt(container.spec, "envFrom"))
      add(stringAt(from, "secretRef", "name"));
  }
  return [...names];
}
