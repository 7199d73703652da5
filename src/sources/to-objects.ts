// Parsed documents -> Kubernetes objects, checked at the edge into the model's guarantees:
// string apiVersion, kind and metadata.name; labels and annotations string maps.
import type { Diagnostic } from "../model/diagnostic.ts";
import type { LoadedObject } from "../model/inventory.ts";
import type { KubeObject, ObjectMeta } from "../model/kube-object.ts";
import type { Position, RawDocument } from "./load-options.ts";

type Record_ = Readonly<Record<string, unknown>>;

interface Sink {
  readonly file: string;
  readonly objects: LoadedObject[];
  readonly diagnostics: Diagnostic[];
}

/** Appends the objects of one document (a List and an array expanded) to `sink`. */
export function collectObjects(document: RawDocument, sink: Sink): void {
  const { value, position } = document;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collectItem(item, document.itemPosition(index) ?? position, undefined, sink);
    });
    return;
  }
  if (isListObject(value)) {
    expandList(value, position, document.itemPosition, sink);
    return;
  }
  collectItem(value, position, undefined, sink);
}

/** API groups of control-plane configuration files, which carry no object metadata. */
const CONFIG_GROUPS: ReadonlySet<string> = new Set([
  "apiserver.config.k8s.io",
  "apiserver.k8s.io",
  "audit.k8s.io",
]);

/**
 * An EncryptionConfiguration or audit Policy is a file the apiserver reads, not an API object:
 * it has no `metadata.name`, so it is named after its file's path (each control-plane node has
 * its own `audit-policy.yaml`: the base name alone would make them one object).
 */
function configFileName(apiVersion: string, file: string): string | undefined {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  if (!CONFIG_GROUPS.has(group)) return undefined;
  return file;
}

/** `v1/List` and typed lists (`PodList`), as `kubectl get -o yaml` prints them. */
function isListObject(value: unknown): value is Record_ & { readonly items: unknown } {
  return (
    isRecord(value) &&
    typeof value.kind === "string" &&
    value.kind.endsWith("List") &&
    "items" in value
  );
}

function expandList(
  list: Record_ & { readonly items: unknown },
  position: Position,
  itemPosition: (index: number) => Position | undefined,
  sink: Sink,
): void {
  if (list.items === null) return;
  if (!Array.isArray(list.items)) {
    sink.diagnostics.push(
      diagnosticAt(
        sink.file,
        position,
        "invalid-list",
        `${String(list.kind)} has items that are not a list; skipped`,
      ),
    );
    return;
  }
  // Items of a typed list read from the API (`PodList`) may omit their kind: it is implied.
  const kind = String(list.kind);
  const implied =
    kind !== "List" && typeof list.apiVersion === "string"
      ? { apiVersion: list.apiVersion, kind: kind.slice(0, -"List".length) }
      : undefined;
  list.items.forEach((item: unknown, index) => {
    collectItem(item, itemPosition(index) ?? position, implied, sink);
  });
}

function collectItem(
  value: unknown,
  position: Position,
  implied: { readonly apiVersion: string; readonly kind: string } | undefined,
  sink: Sink,
): void {
  if (isListObject(value)) {
    // A List inside a List: kubectl flattens these too. Depth is bounded by maxDepth.
    expandList(value, position, () => undefined, sink);
    return;
  }
  const object = toKubeObject(value, position, implied, sink);
  if (object !== undefined) {
    sink.objects.push({
      object,
      location: { file: sink.file, line: position.line, column: position.column },
    });
  }
}

function toKubeObject(
  value: unknown,
  position: Position,
  implied: { readonly apiVersion: string; readonly kind: string } | undefined,
  sink: Sink,
): KubeObject | undefined {
  const fail = (code: string, message: string): undefined => {
    sink.diagnostics.push(diagnosticAt(sink.file, position, code, message));
    return undefined;
  };
  if (!isRecord(value)) {
    return fail(
      "not-an-object",
      `expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found ${describe(value)}; skipped`,
    );
  }
  const apiVersion =
    nonEmptyString(value.apiVersion) ??
    (value.apiVersion === undefined ? implied?.apiVersion : undefined);
  const kind = nonEmptyString(value.kind) ?? (value.kind === undefined ? implied?.kind : undefined);
  if (apiVersion === undefined || kind === undefined) {
    const missing = [apiVersion === undefined ? "apiVersion" : "", kind === undefined ? "kind" : ""]
      .filter((field) => field !== "")
      .join(" and ");
    return fail(
      "missing-kind",
      `expected string fields apiVersion and kind; ${missing} ${missing.includes(" and ") ? "are" : "is"} missing or not a string; skipped`,
    );
  }
  const what = `${kind}`;
  const configName = configFileName(apiVersion, sink.file);
  const metadata = isRecord(value.metadata)
    ? value.metadata
    : configName === undefined
      ? undefined
      : {};
  if (metadata === undefined) {
    return fail(
      "missing-name",
      `${what} has no metadata mapping: expected metadata.name, a string; skipped`,
    );
  }
  let name = nonEmptyString(metadata.name) ?? configName;
  if (name === undefined) {
    const generateName = nonEmptyString(metadata.generateName);
    if (metadata.name !== undefined && metadata.name !== null) {
      return fail(
        "missing-name",
        `${what}: metadata.name must be a non-empty string, found ${describe(metadata.name)} (quote it); skipped`,
      );
    }
    if (generateName === undefined) {
      return fail(
        "missing-name",
        `${what} has no metadata.name: expected a non-empty string; skipped`,
      );
    }
    // The API server would append a random suffix; the prefix is the stable name we can use.
    sink.diagnostics.push(
      diagnosticAt(
        sink.file,
        position,
        "generate-name",
        `${what} has only metadata.generateName; analyzed under the name "${generateName}"`,
        "warning",
      ),
    );
    name = generateName;
  }
  if (
    metadata.namespace !== undefined &&
    metadata.namespace !== null &&
    typeof metadata.namespace !== "string"
  ) {
    return fail(
      "invalid-namespace",
      `${what} ${name}: metadata.namespace must be a string, found ${describe(metadata.namespace)}; skipped`,
    );
  }
  const labels = stringMap(metadata.labels, "labels", `${what} ${name}`, position, sink);
  const annotations = stringMap(
    metadata.annotations,
    "annotations",
    `${what} ${name}`,
    position,
    sink,
  );
  const checked: Record<string, unknown> = { ...metadata, name };
  // Kubernetes reads an empty or null namespace as none given.
  if (typeof metadata.namespace !== "string" || metadata.namespace === "") delete checked.namespace;
  if (labels === undefined) delete checked.labels;
  else checked.labels = labels;
  if (annotations === undefined) delete checked.annotations;
  else checked.annotations = annotations;
  // Checked above: name is a string, namespace a string or absent, labels and annotations maps.
  return { ...value, apiVersion, kind, metadata: checked as ObjectMeta };
}

/** A string map, or undefined when absent; entries whose value is not a string are dropped. */
function stringMap(
  value: unknown,
  field: "labels" | "annotations",
  what: string,
  position: Position,
  sink: Sink,
): Readonly<Record<string, string>> | undefined {
  if (value === undefined || value === null) return undefined;
  const code = field === "labels" ? "invalid-labels" : "invalid-annotations";
  if (!isRecord(value)) {
    sink.diagnostics.push(
      diagnosticAt(
        sink.file,
        position,
        code,
        `${what}: metadata.${field} must be a mapping of strings, found ${describe(value)}; ignored`,
        "warning",
      ),
    );
    return undefined;
  }
  const result: Record<string, string> = {};
  const bad: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    // defineProperty: a `__proto__` key is data here, not the object's prototype.
    if (typeof item === "string") {
      Object.defineProperty(result, key, {
        value: item,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else bad.push(key);
  }
  if (bad.length > 0) {
    const shown =
      bad.slice(0, 5).join(", ") + (bad.length > 5 ? `, and ${bad.length - 5} more` : "");
    sink.diagnostics.push(
      diagnosticAt(
        sink.file,
        position,
        code,
        `${what}: metadata.${field} ${shown}: values must be strings (quote values like "true", "yes" or "1"); dropped`,
        "warning",
      ),
    );
  }
  return result;
}

function diagnosticAt(
  file: string,
  position: Position,
  code: string,
  message: string,
  severity: Diagnostic["severity"] = "error",
): Diagnostic {
  return { severity, code, message, file, line: position.line, column: position.column };
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Names a value's type, never its content (it may be a secret). */
function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (value === "") return "an empty string";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}
