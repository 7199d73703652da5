import type { Diagnostic } from "../../model/diagnostic.ts";
import { arrayAt, isObject, objectAt, stringAt, stringsAt } from "../../model/fields.ts";
import type { InventoryEntry } from "../../model/inventory.ts";
import { apiGroupOf, refOf, type KubeObject } from "../../model/kube-object.ts";
import { parseLabelSelector, type LabelSelector } from "../label-selector.ts";
import type { PolicyRule, RbacBinding, RbacRole, Subject } from "./types.ts";

export const RBAC_GROUP = "rbac.authorization.k8s.io";
const RBAC_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** An RBAC object to read, with where it came from. */
export interface RbacSource {
  readonly object: KubeObject;
  readonly entry?: InventoryEntry;
  readonly bootstrap: boolean;
}

export interface ParsedRbac {
  readonly roles: readonly RbacRole[];
  readonly bindings: readonly RbacBinding[];
  readonly diagnostics: readonly Diagnostic[];
}

export function isRbacObject(object: KubeObject): boolean {
  return RBAC_KINDS.has(object.kind) && apiGroupOf(object.apiVersion) === RBAC_GROUP;
}

export function parsePolicyRule(value: unknown): PolicyRule {
  return {
    verbs: stringsAt(value, "verbs"),
    apiGroups: stringsAt(value, "apiGroups"),
    resources: stringsAt(value, "resources"),
    resourceNames: stringsAt(value, "resourceNames"),
    nonResourceURLs: stringsAt(value, "nonResourceURLs"),
  };
}

/**
 * Reads Roles, ClusterRoles and their bindings. The scanned objects win over bootstrap ones of the
 * same name (the cluster's object is the one the apiserver evaluates). Anything malformed is
 * reported as a diagnostic naming the object and left out, never guessed.
 */
export function parseRbac(sources: readonly RbacSource[]): ParsedRbac {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const roles: RbacRole[] = [];
  const bindings: RbacBinding[] = [];
  // Scanned objects first, so that a bootstrap object of the same key is the one dropped.
  const ordered = [...sources.filter((s) => !s.bootstrap), ...sources.filter((s) => s.bootstrap)];
  for (const source of ordered) {
    const { object } = source;
    if (!isRbacObject(object)) continue;
    const namespaced = object.kind === "Role" || object.kind === "RoleBinding";
    const namespace = namespaced
      ? (source.entry?.namespace ?? object.metadata.namespace ?? "default")
      : undefined;
    const key = `${object.kind}/${namespace ?? ""}/${object.metadata.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ref = source.entry?.ref ?? {
      ...refOf(object),
      ...(namespace === undefined ? {} : { namespace }),
      file: `bootstrap-policy`,
    };
    const report = (message: string): void => {
      diagnostics.push({
        severity: "warning",
        code: "rbac-invalid",
        message: `${object.kind} ${namespace === undefined ? "" : `${namespace}/`}${object.metadata.name}: ${message}`,
        ...(ref.file === undefined ? {} : { file: ref.file }),
        ...(ref.line === undefined ? {} : { line: ref.line }),
      });
    };
    const base = { name: object.metadata.name, ref, bootstrap: source.bootstrap };
    if (object.kind === "Role" || object.kind === "ClusterRole") {
      const rules = arrayAt(object, "rules");
      rules.forEach((rule, index) => {
        if (!isObject(rule)) report(`rules[${index}] is not an object and is ignored`);
      });
      const aggregationSelectors =
        object.kind === "ClusterRole" ? parseAggregation(object, report) : undefined;
      roles.push({
        ...base,
        kind: object.kind,
        ...(namespace === undefined ? {} : { namespace }),
        labels: object.metadata.labels ?? {},
        ...(aggregationSelectors === undefined ? {} : { aggregationSelectors }),
        rules: rules.flatMap((rule, index) =>
          isObject(rule) ? [{ rule: parsePolicyRule(rule), index }] : [],
        ),
      });
      continue;
    }
    const roleRef = objectAt(object, "roleRef");
    const refKind = stringAt(roleRef, "kind");
    const refName = stringAt(roleRef, "name");
    if (refKind === undefined || refName === undefined) {
      report("roleRef needs a kind and a name; the binding is ignored");
      continue;
    }
    const subjects: Subject[] = [];
    arrayAt(object, "subjects").forEach((subject, index) => {
      const kind = stringAt(subject, "kind");
      const name = stringAt(subject, "name");
      if (kind === undefined || name === undefined) {
        report(`subjects[${index}] needs a kind and a name; it is ignored`);
        return;
      }
      subjects.push({ kind, name, namespace: stringAt(subject, "namespace") ?? "" });
    });
    bindings.push({
      ...base,
      kind: object.kind === "RoleBinding" ? "RoleBinding" : "ClusterRoleBinding",
      ...(namespace === undefined ? {} : { namespace }),
      roleRef: { kind: refKind, name: refName },
      subjects,
    });
  }
  return { roles, bindings, diagnostics };
}

function parseAggregation(
  object: KubeObject,
  report: (message: string) => void,
): LabelSelector[] | undefined {
  const rule = objectAt(object, "aggregationRule");
  if (rule === undefined) return undefined;
  const selectors: LabelSelector[] = [];
  arrayAt(rule, "clusterRoleSelectors").forEach((value, index) => {
    const parsed = parseLabelSelector(value ?? {});
    if (parsed.ok) selectors.push(parsed.selector);
    else
      report(`aggregationRule.clusterRoleSelectors[${index}]: ${parsed.error}; it selects nothing`);
  });
  return selectors;
}
