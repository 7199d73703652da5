import { Buffer } from "node:buffer";
import { objectAt, objectsAt, stringAt, stringsAt } from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { parsePemCertificates, type CertificateFacts } from "./certificate.ts";

/** The certificate behind a TLS Secret reference, or why it cannot be read. */
export type TlsSecretLookup =
  | { readonly state: "no-secret-name" }
  /** The snapshot holds no Secret at all (manifests often leave them out). */
  | { readonly state: "secrets-not-observed" }
  | { readonly state: "missing" }
  /** The Secret exists without `data` or `stringData`: its content was not loaded. */
  | { readonly state: "data-not-loaded"; readonly secret: InventoryEntry }
  /** The Secret has data but no `tls.crt`: not a TLS Secret. */
  | { readonly state: "no-certificate"; readonly secret: InventoryEntry }
  | { readonly state: "invalid"; readonly secret: InventoryEntry; readonly error: string }
  | {
      readonly state: "parsed";
      readonly secret: InventoryEntry;
      /** Leaf first, as in `tls.crt`. */
      readonly certificates: readonly CertificateFacts[];
    };

/** One `spec.tls` entry of an Ingress with its certificate. */
export interface IngressTls {
  readonly ingress: InventoryEntry;
  readonly index: number;
  readonly hosts: readonly string[];
  readonly secretName: string | undefined;
  readonly lookup: TlsSecretLookup;
}

const INGRESS_GROUPS = new Set(["networking.k8s.io", "extensions"]);

/** Every Ingress of the snapshot: the networking.k8s.io and the legacy extensions group. */
export function ingressesOf(inventory: Inventory): readonly InventoryEntry[] {
  return inventory
    .ofKind("Ingress")
    .filter((entry) => INGRESS_GROUPS.has(entry.object.apiVersion.split("/")[0] ?? ""));
}

/** The TLS entries of every Ingress, each with the certificate of its Secret when readable. */
export function ingressTlsOf(inventory: Inventory): readonly IngressTls[] {
  return ingressesOf(inventory).flatMap((ingress) =>
    objectsAt(ingress.object, "spec", "tls").map((tls, index) => {
      const secretName = stringAt(tls, "secretName");
      return {
        ingress,
        index,
        hosts: stringsAt(tls, "hosts"),
        secretName,
        lookup: lookupTlsSecret(inventory, ingress.namespace, secretName),
      };
    }),
  );
}

/** An Ingress with the leaf certificate of each TLS entry that could be read. */
export interface IngressCertificates {
  readonly ingress: InventoryEntry;
  readonly leaves: readonly {
    readonly secretName: string;
    readonly hosts: readonly string[];
    readonly leaf: CertificateFacts;
  }[];
}

/**
 * Every Ingress with at least one TLS entry, and the leaf certificates that could be read
 * (entries whose Secret is missing or unreadable are the business of another control).
 */
export function ingressCertificatesOf(inventory: Inventory): readonly IngressCertificates[] {
  const byIngress = new Map<InventoryEntry, IngressCertificates["leaves"][number][]>();
  for (const tls of ingressTlsOf(inventory)) {
    const leaves = byIngress.get(tls.ingress) ?? [];
    byIngress.set(tls.ingress, leaves);
    const leaf = tls.lookup.state === "parsed" ? tls.lookup.certificates[0] : undefined;
    if (leaf !== undefined && tls.secretName !== undefined) {
      leaves.push({ secretName: tls.secretName, hosts: tls.hosts, leaf });
    }
  }
  return [...byIngress].map(([ingress, leaves]) => ({ ingress, leaves }));
}

export function lookupTlsSecret(
  inventory: Inventory,
  namespace: string | undefined,
  secretName: string | undefined,
): TlsSecretLookup {
  if (secretName === undefined || secretName === "") return { state: "no-secret-name" };
  if (inventory.ofKind("Secret", "").length === 0) return { state: "secrets-not-observed" };
  const secret = inventory.get("Secret", namespace, secretName, "");
  if (secret === undefined) return { state: "missing" };
  const pem = certificatePemOf(secret.object);
  if (pem === undefined) {
    const hasData = objectAt(secret.object, "data") ?? objectAt(secret.object, "stringData");
    return { state: hasData === undefined ? "data-not-loaded" : "no-certificate", secret };
  }
  const parsed = cachedParse(pem);
  return parsed.ok
    ? { state: "parsed", secret, certificates: parsed.certificates }
    : { state: "invalid", secret, error: parsed.error };
}

// `stringData` wins over `data` on write, as the apiserver merges it; `data` is base64.
function certificatePemOf(secret: KubeObject): string | undefined {
  const plain = stringAt(secret, "stringData", "tls.crt");
  if (plain !== undefined) return plain;
  const encoded = stringAt(secret, "data", "tls.crt");
  return encoded === undefined ? undefined : Buffer.from(encoded, "base64").toString("utf8");
}

// Three controls read the same certificates; parse each PEM once per process.
const parsedByPem = new Map<string, ReturnType<typeof parsePemCertificates>>();

function cachedParse(pem: string): ReturnType<typeof parsePemCertificates> {
  let parsed = parsedByPem.get(pem);
  if (parsed === undefined) {
    parsed = parsePemCertificates(pem);
    if (parsedByPem.size > 10_000) parsedByPem.clear();
    parsedByPem.set(pem, parsed);
  }
  return parsed;
}
