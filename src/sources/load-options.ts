import type { Diagnostic } from "../model/diagnostic.ts";

/** Limits and inputs for loading manifests; every field has a safe default. */
export interface LoadOptions {
  /** Read when an input is `-`; defaults to the process's stdin. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Files larger than this are skipped with a `too-large` diagnostic. Default 32 MiB. */
  readonly maxFileBytes?: number;
  /** The `yaml` package's alias bound: a billion-laughs document is refused fast. Default 100. */
  readonly maxAliasCount?: number;
  /** Deepest nesting of mappings and sequences accepted in a document. Default 200. */
  readonly maxDepth?: number;
}

export interface Limits {
  readonly maxFileBytes: number;
  readonly maxAliasCount: number;
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 32 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 200,
};

export function limitsOf(options: LoadOptions = {}): Limits {
  return {
    maxFileBytes: options.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
    maxAliasCount: options.maxAliasCount ?? DEFAULT_LIMITS.maxAliasCount,
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
  };
}

/** Where a document, or one item of a list document, starts (1-based). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One parsed document, before it is checked to be a Kubernetes object. */
export interface RawDocument {
  readonly value: unknown;
  readonly position: Position;
  /**
   * Where element `index` starts: of the document itself when it is an array, or of its
   * `items` when it is a `List`. Undefined when unknown; callers fall back to `position`.
   */
  readonly itemPosition: (index: number) => Position | undefined;
}

/** Documents of one file and what went wrong reading them. */
export interface ParsedDocuments {
  readonly documents: RawDocument[];
  readonly diagnostics: Diagnostic[];
}
