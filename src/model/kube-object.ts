/** Metadata common to every Kubernetes object, as far as Tenet reads it. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly uid?: string;
  readonly generateName?: string;
  readonly ownerReferences?: readonly unknown[];
  readonly [key: string]: unknown;
}

/**
 * One Kubernetes object as loaded. Sources guarantee `apiVersion`, `kind` and `metadata.name`
 * are strings and that labels and annotations are string maps; everything else is untyped and
 * read defensively through the accessors in `fields.ts`.
 */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [key: string]: unknown;
}

/** Where an object came from, for reports that point at a line (SARIF, text). */
export interface SourceLocation {
  /** Path as given by the user (relative stays relative), `<stdin>`, or `cluster:<context>`. */
  readonly file: string;
  /** 1-based line of the document's first line, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** A stable reference to an object, as carried in findings. */
export interface ObjectRef {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly file?: string;
  readonly line?: number;
}

const MAX_REMEMBERED_GROUPS = 4096;
const groups = new Map<string, string>();

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (core). */
export function apiGroupOf(apiVersion: string): string {
  // Inventories ask this once per object and per filtered entry; a handful of apiVersions
  // recur, so the group is remembered (up to a bound, as apiVersions come from input).
  const known = groups.get(apiVersion);
  if (known !== undefined) return known;
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  if (groups.size < MAX_REMEMBERED_GROUPS) groups.set(apiVersion, group);
  return group;
}

export function refOf(object: KubeObject, location?: SourceLocation): ObjectRef {
  const { apiVersion, kind, metadata } = object;
  const { namespace, name } = metadata;
  // One literal per shape (rather than spreads of optional parts): refs are made per object,
  // and the key order is what JSON reports print.
  if (location === undefined) {
    return namespace === undefined
      ? { apiVersion, kind, name }
      : { apiVersion, kind, namespace, name };
  }
  const { file, line } = location;
  if (namespace === undefined) {
    return line === undefined
      ? { apiVersion, kind, name, file }
      : { apiVersion, kind, name, file, line };
  }
  return line === undefined
    ? { apiVersion, kind, namespace, name, file }
    : { apiVersion, kind, namespace, name, file, line };
}

/** `Kind ns/name` or `Kind name`, the way findings name their target in text. */
export function formatRef(ref: ObjectRef): string {
  return ref.namespace === undefined
    ? `${ref.kind} ${ref.name}`
    : `${ref.kind} ${ref.namespace}/${ref.name}`;
}
