// Istio security policies as Istio resolves them: the effective namespace mTLS mode from
// PeerAuthentications, and whether AuthorizationPolicies make a RequestAuthentication's token
// mandatory. Pure, over the inventory.
import {
  objectAt,
  objectsAt,
  stringAt,
  stringMapAt,
  stringsAt,
  type JsonObject,
} from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import { ISTIO_ROOT_NAMESPACE, namespaceDataplane, podDataplane } from "./mesh.ts";

export const ISTIO_SECURITY_GROUP = "security.istio.io";
const GROUP = ISTIO_SECURITY_GROUP;

/** Namespaces with Istio workloads or enrolled in Istio, sorted. */
export function istioNamespaces(inventory: Inventory): readonly string[] {
  return [
    ...new Set([
      ...inventory
        .namespaces()
        .filter((ns) => namespaceDataplane(inventory, ns)?.startsWith("istio")),
      ...inventory.pods
        .filter((pod) => podDataplane(inventory, pod)?.startsWith("istio"))
        .map((pod) => pod.namespace),
    ]),
  ].sort();
}

export interface NamespaceMtls {
  /** STRICT, PERMISSIVE or DISABLE. */
  readonly mode: string;
  /** The PeerAuthentication that decides, or "Istio's default". */
  readonly source: string;
}

/**
 * The mTLS mode of a namespace's workloads that no workload policy overrides: the namespace's
 * own policy, UNSET inheriting the mesh-wide one of the root namespace, and PERMISSIVE, Istio's
 * default, when neither sets a mode.
 */
export function namespaceMtls(inventory: Inventory, namespace: string): NamespaceMtls {
  for (const policy of [
    namespaceWide(inventory, namespace),
    namespaceWide(inventory, ISTIO_ROOT_NAMESPACE),
  ]) {
    const mode = modeOf(policy);
    if (policy !== undefined && mode !== "UNSET") {
      return {
        mode,
        source: `PeerAuthentication ${policy.namespace ?? ""}/${policy.object.metadata.name}`,
      };
    }
  }
  return { mode: "PERMISSIVE", source: "Istio's default" };
}

export interface TokenEnforcement {
  /** DENY policies that reject requests without a request principal. */
  readonly denying: readonly string[];
  /** ALLOW policies that apply to the workloads. */
  readonly allowing: readonly string[];
  /** ALLOW policies with a rule that a request without a token can match. */
  readonly open: readonly string[];
}

/** The AuthorizationPolicies that decide whether a RequestAuthentication's token is required. */
export function tokenEnforcementOf(
  inventory: Inventory,
  requestAuthentication: InventoryEntry,
): TokenEnforcement {
  const labels = stringMapAt(requestAuthentication.object, "spec", "selector", "matchLabels");
  const applying = inventory
    .ofKind("AuthorizationPolicy", GROUP)
    .filter(
      (policy) =>
        policy.namespace === requestAuthentication.namespace ||
        policy.namespace === ISTIO_ROOT_NAMESPACE,
    )
    .filter((policy) => coversWorkloads(policy, labels));
  const name = (policy: InventoryEntry) =>
    `${policy.namespace ?? ""}/${policy.object.metadata.name}`;
  const allowing = applying.filter((policy) => action(policy) === "ALLOW");
  return {
    denying: applying
      .filter((policy) => action(policy) === "DENY" && deniesAnonymous(policy.object))
      .map(name),
    allowing: allowing.map(name),
    // A request is allowed when it matches any ALLOW policy: each must demand a principal.
    open: allowing.filter((policy) => !allowsOnlyPrincipals(policy.object)).map(name),
  };
}

/** The namespace-wide PeerAuthentication of a namespace: no selector; the oldest wins in Istio. */
function namespaceWide(inventory: Inventory, namespace: string): InventoryEntry | undefined {
  return inventory
    .inNamespace(namespace)
    .filter(
      (entry) =>
        entry.object.kind === "PeerAuthentication" &&
        entry.object.apiVersion.startsWith(`${GROUP}/`) &&
        objectAt(entry.object, "spec", "selector") === undefined &&
        objectAt(entry.object, "spec", "targetRef") === undefined,
    )
    .sort(
      (a, b) =>
        created(a).localeCompare(created(b)) ||
        a.object.metadata.name.localeCompare(b.object.metadata.name),
    )[0];
}

function created(entry: InventoryEntry): string {
  return stringAt(entry.object, "metadata", "creationTimestamp") ?? "";
}

function modeOf(entry: InventoryEntry | undefined): string {
  return entry === undefined
    ? "UNSET"
    : (stringAt(entry.object, "spec", "mtls", "mode") ?? "UNSET");
}

// The policy selects every pod the RequestAuthentication selects: namespace- or mesh-wide, or a
// selector whose labels are a subset of the RequestAuthentication's.
function coversWorkloads(
  policy: InventoryEntry,
  labels: Readonly<Record<string, string>>,
): boolean {
  const own = stringMapAt(policy.object, "spec", "selector", "matchLabels");
  if (objectsAt(policy.object, "spec", "targetRefs").length > 0) return false;
  return Object.entries(own).every(([key, value]) => labels[key] === value);
}

function action(policy: InventoryEntry): string {
  return stringAt(policy.object, "spec", "action") ?? "ALLOW";
}

function sources(rule: JsonObject): JsonObject[] {
  return objectsAt(rule, "from").flatMap((from) => {
    const source = objectAt(from, "source");
    return source === undefined ? [] : [source];
  });
}

// Every rule demands a principal (or a JWT claim); an ALLOW policy without rules allows nothing.
function allowsOnlyPrincipals(policy: JsonObject): boolean {
  return objectsAt(policy, "spec", "rules").every(
    (rule) =>
      // `from` entries are ORed: every one must demand a principal.
      (sources(rule).length > 0 &&
        sources(rule).every((source) => stringsAt(source, "requestPrincipals").length > 0)) ||
      objectsAt(rule, "when").some((when) =>
        (stringAt(when, "key") ?? "").startsWith("request.auth."),
      ),
  );
}

function deniesAnonymous(policy: JsonObject): boolean {
  return objectsAt(policy, "spec", "rules").some((rule) =>
    sources(rule).some((source) => stringsAt(source, "notRequestPrincipals").includes("*")),
  );
}
