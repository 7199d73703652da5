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

export function buildInventory(
  loaded: readonly LoadedObject[],
  options: BuildInventoryOptions = {},
): BuildInventoryResult {
  const defaultNamespace = options.defaultNamespace ?? "default";
  const diagnostics: Diagnostic[] = [];
  const entries: InventoryEntry[] = [];
  const byKey = new Map<string, InventoryEntry>();
  const byKind = new Map<string, InventoryEntry[]>();
  const byName = new Map<string, InventoryEntry[]>();
  const byNamespace = new Map<string, InventoryEntry[]>();
  const byLabel = new Map<string, InventoryEntry[]>();
  const unknownKinds = new Map<string, number>();
  const pods: PodTemplateView[] = [];

  for (const { object, location } of loaded) {
    const namespace = isClusterScoped(object.kind)
      ? undefined
      : (object.metadata.namespace ?? defaultNamespace);
    const key = keyOf(apiGroupOf(object.apiVersion), object.kind, namespace, object.metadata.name);
    const first = byKey.get(key);
    if (first !== undefined) {
      diagnostics.push({
        severity: "warning",
        code: "duplicate-object",
        message: `${object.kind} ${namespace === undefined ? "" : `${namespace}/`}${object.metadata.name} is defined again; the first definition (${first.location.file}${first.location.line === undefined ? "" : `:${first.location.line}`}) is used`,
        file: location.file,
        ...(location.line === undefined ? {} : { line: location.line }),
      });
      continue;
    }
    const normalized =
      namespace === object.metadata.namespace
        ? object
        : {
            ...object,
            metadata: { ...object.metadata, ...(namespace === undefined ? {} : { namespace }) },
          };
    const entry: InventoryEntry = {
      object: normalized,
      namespace,
      location,
      ref: refOf(normalized, location),
    };
    byKey.set(key, entry);
    entries.push(entry);
    push(byKind, object.kind, entry);
    push(byName, keyOf("", object.kind, namespace, object.metadata.name), entry);
    if (namespace !== undefined) push(byNamespace, namespace, entry);
    for (const [labelKey, value] of Object.entries(object.metadata.labels ?? {})) {
      push(byLabel, `${labelKey}=${value}`, entry);
    }
    if (!KNOWN_KINDS.has(object.kind)) {
      const name = `${object.apiVersion}/${object.kind}`;
      unknownKinds.set(name, (unknownKinds.get(name) ?? 0) + 1);
    }
    const pod =
      namespace === undefined
        ? undefined
        : podTemplateOf(normalized, namespace, entry.ref, location);
    if (pod !== undefined) pods.push(pod);
  }

  const namespaceNames = [
    ...new Set([
      ...(byKind.get("Namespace") ?? []).map((entry) => entry.object.metadata.name),
      ...byNamespace.keys(),
    ]),
  ].sort();

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
    get: (kind, namespace, name, apiGroup) =>
      (
        byName.get(keyOf("", kind, isClusterScoped(kind) ? undefined : namespace, name)) ?? EMPTY
      ).find((entry) => apiGroup === undefined || apiGroupOf(entry.object.apiVersion) === apiGroup),
    inNamespace: (namespace) => byNamespace.get(namespace) ?? EMPTY,
    namespaces: () => namespaceNames,
    withLabel: (key, value) => byLabel.get(`${key}=${value}`) ?? EMPTY,
  };
  return { inventory, diagnostics };
}

function keyOf(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}\u0000${kind}\u0000${namespace ?? ""}\u0000${name}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
