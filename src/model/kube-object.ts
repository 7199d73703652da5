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

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (core). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function refOf(object: KubeObject, location?: SourceLocation): ObjectRef {
  const { namespace } = object.metadata;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(namespace === undefined ? {} : { namespace }),
    name: object.metadata.name,
    ...(location === undefined ? {} : { file: location.file }),
    ...(location?.line === undefined ? {} : { line: location.line }),
  };
}

/** `Kind ns/name` or `Kind name`, the way findings name their target in text. */
export function formatRef(ref: ObjectRef): string {
  return ref.namespace === undefined
    ? `${ref.kind} ${ref.name}`
    : `${ref.kind} ${ref.namespace}/${ref.name}`;
}
