import type { Inventory, InventoryEntry } from "../../src/model/inventory.ts";
import type { KubeObject } from "../../src/model/kube-object.ts";
import { WORKLOAD_KINDS } from "../../src/model/kinds.ts";

/** An inventory that notes which kinds are read through it, and the kinds it noted. */
export interface RecordingInventory {
  readonly inventory: Inventory;
  /** Kinds read so far; grows as the inventory is used. */
  readonly kinds: ReadonlySet<string>;
}

// Looking at an object's kind or apiVersion is how code picks the objects it wants out of a
// mixed list (`entries`, `inNamespace`); only reading past them uses the object.
const SORTING_KEYS: ReadonlySet<PropertyKey> = new Set(["kind", "apiVersion"]);

/**
 * Wraps an inventory so that every kind a caller reads is noted: a kind asked for by name
 * (`ofKind`, `get`), the workload kinds behind `pods`, Namespace behind `namespaces()`, and the
 * kind of any object of a mixed list whose content (past its kind and apiVersion) is read.
 * The same entry and object always come back as the same wrapper, so identity still holds.
 */
export function recordingInventory(inner: Inventory): RecordingInventory {
  const kinds = new Set<string>();
  const objects = new WeakMap<KubeObject, KubeObject>();
  const entries = new WeakMap<InventoryEntry, InventoryEntry>();

  const wrapObject = (object: KubeObject): KubeObject => {
    let wrapped = objects.get(object);
    if (wrapped === undefined) {
      wrapped = new Proxy(object, {
        get(target, key, receiver) {
          if (!SORTING_KEYS.has(key)) kinds.add(target.kind);
          return Reflect.get(target, key, receiver) as unknown;
        },
        ownKeys(target) {
          kinds.add(target.kind);
          return Reflect.ownKeys(target);
        },
      });
      objects.set(object, wrapped);
    }
    return wrapped;
  };
  const wrapEntry = (entry: InventoryEntry): InventoryEntry => {
    let wrapped = entries.get(entry);
    if (wrapped === undefined) {
      wrapped = new Proxy(entry, {
        get(target, key, receiver) {
          if (key === "object") return wrapObject(target.object);
          kinds.add(target.object.kind);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      entries.set(entry, wrapped);
    }
    return wrapped;
  };
  const wrapAll = (list: readonly InventoryEntry[]): readonly InventoryEntry[] =>
    list.map(wrapEntry);

  const inventory: Inventory = {
    get entries() {
      return wrapAll(inner.entries);
    },
    get pods() {
      for (const kind of WORKLOAD_KINDS) kinds.add(kind);
      return inner.pods;
    },
    unknownKinds: inner.unknownKinds,
    unobservedKinds: inner.unobservedKinds,
    ofKind: (kind, apiGroup) => {
      kinds.add(kind);
      return wrapAll(inner.ofKind(kind, apiGroup));
    },
    get: (kind, namespace, name, apiGroup) => {
      kinds.add(kind);
      const entry = inner.get(kind, namespace, name, apiGroup);
      return entry === undefined ? undefined : wrapEntry(entry);
    },
    inNamespace: (namespace) => wrapAll(inner.inNamespace(namespace)),
    namespaces: () => {
      kinds.add("Namespace");
      return inner.namespaces();
    },
    withLabel: (key, value) => wrapAll(inner.withLabel(key, value)),
  };
  return { inventory, kinds };
}
