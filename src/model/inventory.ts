import type { Diagnostic } from "./diagnostic.ts";
import { isClusterScoped, KNOWN_KINDS } from "./kinds.ts";
import {
  apiGroupOf,
  refOf,
  type KubeObject,
  type ObjectRef,
  type SourceLocation,
} from "./kube-object.ts";
import { podTemplateOf, type PodTemplateView } from "./pod-template.ts";

/** One object of the snapshot with where it came from. */
export interface InventoryEntry {
  readonly object: KubeObject;
  /** Namespace after defaulting (`default` for a namespaced object that names none). */
  readonly namespace: string | undefined;
  readonly location: SourceLocation;
  readonly ref: ObjectRef;
}

/** A loaded object before indexing, as sources produce it. */
export interface LoadedObject {
  readonly object: KubeObject;
  readonly location: SourceLocation;
}

/**
 * An immutable, indexed snapshot of a cluster's objects. Built once per scan; engines build
 * their own indexes from it, lazily.
 */
export interface Inventory {
  /** Every object, in load order, duplicates removed. */
  readonly entries: readonly InventoryEntry[];
  /** Every pod and pod template of a workload, in load order. */
  readonly pods: readonly PodTemplateView[];
  /** Objects of kinds no check reads, counted by `apiVersion/kind`. */
  readonly unknownKinds: ReadonlyMap<string, number>;
  /** Kinds that could not be read (a live scan was refused them): absent, not empty. */
  readonly unobservedKinds: ReadonlySet<string>;
  /**
   * Objects of a kind. Kinds that exist in several API groups (`NetworkPolicy` in
   * `networking.k8s.io` and `projectcalico.org`, `Policy` in `audit.k8s.io` and `kyverno.io`)
   * must be asked for with their group; `""` is the core group.
   */
  ofKind(kind: string, apiGroup?: string): readonly InventoryEntry[];
  get(
    kind: string,
    namespace: string | undefined,
    name: string,
    apiGroup?: string,
  ): InventoryEntry | undefined;
  inNamespace(namespace: string): readonly InventoryEntry[];
  /** Namespaces declared as objects or used by any object, sorted. */
  namespaces(): readonly string[];
  withLabel(key: string, value: string): readonly InventoryEntry[];
}

export interface BuildInventoryResult {
  readonly inventory: Inventory;
  readonly diagnostics: readonly Diagnostic[];
}

export interface BuildInventoryOptions {
  /** Namespace for namespaced objects that name none, like kubectl's `-n`. */
  readonly defaultNamespace?: string;
  /** Kinds the source could not read. */
  readonly unobservedKinds?: readonly string[];
}

const EMPTY: readonly InventoryEntry[] = Object.freeze([]);

/**
 * Entries of one kind by namespace (`""` for cluster-scoped) and name: one entry, or several
 * (in load order) when the same name exists in several API groups. Names key the maps as they
 * are, so indexing allocates no key strings.
 */
type NameIndex = Map<string, Map<string, InventoryEntry | InventoryEntry[]>>;

export function buildInventory(
  loaded: readonly LoadedObject[],
  options: BuildInventoryOptions = {},
): BuildInventoryResult {
  const defaultNamespace = options.defaultNamespace ?? "default";
  const diagnostics: Diagnostic[] = [];
  const entries: InventoryEntry[] = [];
  const byName = new Map<string, NameIndex>();
  const byKind = new Map<string, InventoryEntry[]>();
  const unknownKinds = new Map<string, number>();
  const pods: PodTemplateView[] = [];

  for (const { object, location } of loaded) {
    const { kind, metadata } = object;
    const namespace = isClusterScoped(kind) ? undefined : (metadata.namespace ?? defaultNamespace);
    let names = byName.get(kind);
    if (names === undefined) byName.set(kind, (names = new Map() as NameIndex));
    const namespaceKey = namespace ?? "";
    let inNamespace = names.get(namespaceKey);
    if (inNamespace === undefined)
      names.set(namespaceKey, (inNamespace = new Map<string, InventoryEntry | InventoryEntry[]>()));
    const same = inNamespace.get(metadata.name);
    const first = same === undefined ? undefined : inGroup(same, apiGroupOf(object.apiVersion));
    if (first !== undefined) {
      diagnostics.push({
        severity: "warning",
        code: "duplicate-object",
        message: `${kind} ${namespace === undefined ? "" : `${namespace}/`}${metadata.name} is defined again; the first definition (${first.location.file}${first.location.line === undefined ? "" : `:${first.location.line}`}) is used`,
        file: location.file,
        ...(location.line === undefined ? {} : { line: location.line }),
      });
      continue;
    }
    const normalized =
      namespace === metadata.namespace
        ? object
        : {
            ...object,
            metadata: { ...metadata, ...(namespace === undefined ? {} : { namespace }) },
          };
    const entry: InventoryEntry = {
      object: normalized,
      namespace,
      location,
      ref: refOf(normalized, location),
    };
    if (same === undefined) inNamespace.set(metadata.name, entry);
    else if (Array.isArray(same)) same.push(entry);
    else inNamespace.set(metadata.name, [same, entry]);
    entries.push(entry);
    const ofKind = byKind.get(kind);
    if (ofKind === undefined) byKind.set(kind, [entry]);
    else ofKind.push(entry);
    if (!KNOWN_KINDS.has(kind)) {
      const name = `${object.apiVersion}/${kind}`;
      unknownKinds.set(name, (unknownKinds.get(name) ?? 0) + 1);
    }
    const pod =
      namespace === undefined
        ? undefined
        : podTemplateOf(normalized, namespace, entry.ref, location);
    if (pod !== undefined) pods.push(pod);
  }

  // Indexes most scans never ask for are built on first use, from the entries in load order.
  let byNamespace: Map<string, InventoryEntry[]> | undefined;
  let namespaceNames: readonly string[] | undefined;
  let byLabel: Map<string, Map<string, InventoryEntry[]>> | undefined;
  const namespaceIndex = (): Map<string, InventoryEntry[]> => {
    if (byNamespace !== undefined) return byNamespace;
    byNamespace = new Map();
    for (const entry of entries) {
      if (entry.namespace !== undefined) push(byNamespace, entry.namespace, entry);
    }
    return byNamespace;
  };
  const labelIndex = (): Map<string, Map<string, InventoryEntry[]>> => {
    if (byLabel !== undefined) return byLabel;
    byLabel = new Map();
    for (const entry of entries) {
      const labels = entry.object.metadata.labels;
      if (labels === undefined) continue;
      for (const [key, value] of Object.entries(labels)) {
        let values = byLabel.get(key);
        if (values === undefined) byLabel.set(key, (values = new Map<string, InventoryEntry[]>()));
        push(values, value, entry);
      }
    }
    return byLabel;
  };

  const inventory: Inventory = {
    entries,
    pods,
    unknownKinds,
    unobservedKinds: new Set(options.unobservedKinds ?? []),
    ofKind: (kind, apiGroup) => {
      const all = byKind.get(kind) ?? EMPTY;
      return apiGroup === undefined
        ? all
        : all.filter((entry) => apiGroupOf(entry.object.apiVersion) === apiGroup);
    },
    get: (kind, namespace, name, apiGroup) => {
      const found = byName
        .get(kind)
        ?.get(isClusterScoped(kind) ? "" : (namespace ?? ""))
        ?.get(name);
      if (found === undefined) return undefined;
      if (apiGroup === undefined) return Array.isArray(found) ? found[0] : found;
      return inGroup(found, apiGroup);
    },
    inNamespace: (namespace) => namespaceIndex().get(namespace) ?? EMPTY,
    namespaces: () => {
      namespaceNames ??= [
        ...new Set([
          ...(byKind.get("Namespace") ?? []).map((entry) => entry.object.metadata.name),
          ...namespaceIndex().keys(),
        ]),
      ].sort();
      return namespaceNames;
    },
    withLabel: (key, value) => labelIndex().get(key)?.get(value) ?? EMPTY,
  };
  return { inventory, diagnostics };
}

function inGroup(
  found: InventoryEntry | readonly InventoryEntry[],
  apiGroup: string,
): InventoryEntry | undefined {
  if (!Array.isArray(found)) {
    const entry = found as InventoryEntry;
    return apiGroupOf(entry.object.apiVersion) === apiGroup ? entry : undefined;
  }
  return (found as readonly InventoryEntry[]).find(
    (entry) => apiGroupOf(entry.object.apiVersion) === apiGroup,
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
