import {
  clusterConfigOf,
  configFileFor,
  judgeEach,
  type ConfigObject,
} from "../../model/cluster-config.ts";
import { flagValue } from "../../model/cluster-config-flags.ts";
import type { Result, Severity } from "../../model/check-meta.ts";
import { objectsAt, stringAt, stringsAt } from "../../model/fields.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "secrets-encryption-at-rest";
const FLAG = "encryption-provider-config";

// What the first provider (the one that encrypts new writes) is worth, per the Kubernetes docs'
// provider table: identity stores plaintext; aescbc is open to padding-oracle attacks; local
// keys (aesgcm, secretbox) sit in a file on the control plane; KMS v1 is deprecated.
const WEAK: Readonly<Record<string, { readonly severity: Severity; readonly why: string }>> = {
  identity: { severity: "critical", why: "identity stores Secrets in plaintext" },
  aescbc: {
    severity: "high",
    why: "aescbc is not recommended (CBC padding-oracle attacks); its key sits on the control plane",
  },
  aesgcm: {
    severity: "medium",
    why: "aesgcm keys must rotate every 200k writes and sit on the control plane",
  },
  secretbox: { severity: "medium", why: "secretbox's key sits in a file on the control plane" },
  "kms-v1": { severity: "medium", why: "KMS v1 is deprecated; use KMS v2" },
};

export const secretsEncryptionAtRest: Check = {
  id,
  title: "Secrets are encrypted at rest with a KMS v2 provider",
  pillar: "data",
  severity: "high",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags", "EncryptionConfiguration"],
  frameworks: {
    cis: ["1.2.27", "1.2.28"],
    "nsa-cisa": ["Network separation and hardening: Secrets"],
    "cisa-ztmm": ["Data: Data Encryption"],
    hipaa: ["164.312(a)(2)(iv)"],
    gdpr: ["Art. 32(1)(a)"],
    "pci-dss": ["8.3.2"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Pass `--encryption-provider-config` with an EncryptionConfiguration whose first provider for `secrets` is `kms` with `apiVersion: v2`.",
  description:
    "Without encryption at rest anyone who reads etcd or its backups reads every Secret; with a local key, whoever reads the control plane's disk does.",
  evaluate: ({ inventory }) => {
    const config = clusterConfigOf(inventory);
    if (!config.apiservers.observed) return judgeEach(id, config.encryptionConfigs, judgeConfig);
    // Each apiserver encrypts what it writes with its own file: a node left on an older file
    // writes Secrets its way. A file several apiservers share is judged once.
    const judged = new Set<ConfigObject>();
    return config.apiservers.items.flatMap((apiserver) => {
      if (flagValue(apiserver, FLAG) === undefined) {
        return [
          fail(
            id,
            apiserver.source,
            `No --${FLAG}: Secrets this apiserver writes are stored in plaintext`,
            {},
            "critical",
          ),
        ];
      }
      const found = configFileFor(apiserver, FLAG, config.encryptionConfigs, (item) => item.file);
      if (found === undefined || "missing" in found) {
        return [
          skip(id, apiserver.source, found === undefined ? `--${FLAG} is empty` : found.missing),
        ];
      }
      if (judged.has(found.item)) return [];
      judged.add(found.item);
      return [judgeConfig(found.item)];
    });
  },
};

function judgeConfig(config: ConfigObject): Result {
  // The apiserver uses the first entry that lists the resource (or a matching wildcard).
  const entry = objectsAt(config.object, "resources").find((item) =>
    stringsAt(item, "resources").some((resource) => ["secrets", "*.", "*.*"].includes(resource)),
  );
  if (entry === undefined) {
    return fail(
      id,
      config.source,
      "No entry covers secrets: they are stored in plaintext",
      {},
      "critical",
    );
  }
  const [first] = objectsAt(entry, "providers");
  const type = first === undefined ? undefined : Object.keys(first)[0];
  if (type === undefined)
    return fail(id, config.source, "The secrets entry lists no provider", {}, "critical");
  const version = type === "kms" ? (stringAt(first, "kms", "apiVersion") ?? "v1") : undefined;
  const key = type === "kms" ? `kms-${version}` : type;
  const weak = WEAK[key];
  const evidence = { provider: type, ...(version === undefined ? {} : { apiVersion: version }) };
  if (weak !== undefined)
    return fail(id, config.source, `First provider: ${weak.why}`, evidence, weak.severity);
  return key === "kms-v2"
    ? pass(id, config.source, "Secrets are encrypted by a KMS v2 provider", evidence)
    : fail(id, config.source, `Unknown first provider ${type}`, evidence);
}
