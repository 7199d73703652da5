import { containersOf } from "../../model/containers.ts";
import { isObject, objectAt } from "../../model/fields.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { podTemplateOf } from "../../model/pod-template.ts";
import type { AdmissionPolicy, Mutation } from "./policy.ts";
import { serviceAccountNameOfSpec } from "../../model/service-account-name.ts";

/** An RFC 6902 operation; Tenet only ever adds or replaces. */
export interface PatchOperation {
  readonly op: "add" | "replace";
  readonly path: string;
  readonly value: unknown;
}

/** RFC 6901: `~` and `/` in a key are escaped as `~0` and `~1`. */
function pointer(path: readonly (string | number)[]): string {
  return path
    .map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}

/**
 * Sets `value` at `path` under `base`, creating the missing parents in one `add` (JSON Patch
 * cannot add into a parent that does not exist). An explicit value is left alone unless the
 * policy says to override it.
 */
function set(
  root: unknown,
  base: readonly (string | number)[],
  path: readonly string[],
  value: unknown,
  override: boolean,
): PatchOperation[] {
  let current: unknown = base.reduce<unknown>(
    (node, key) =>
      isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined,
    root,
  );
  for (let depth = 0; depth < path.length; depth += 1) {
    const key = path[depth] ?? "";
    const location = pointer([...base, ...path.slice(0, depth + 1)]);
    if (!isObject(current) || current[key] === undefined) {
      const rest = path
        .slice(depth + 1)
        .reduceRight<unknown>((inner, part) => ({ [part]: inner }), value);
      return [{ op: "add", path: location, value: rest }];
    }
    if (depth === path.length - 1) {
      return override && current[key] !== value ? [{ op: "replace", path: location, value }] : [];
    }
    current = current[key];
  }
  return [];
}

type Mutator = (
  object: KubeObject,
  specPath: readonly string[],
  override: boolean,
) => PatchOperation[];

const mutators: Readonly<Record<Mutation, Mutator>> = {
  // Only for pods on the namespace's default ServiceAccount, which should hold no API rights;
  // a pod with its own ServiceAccount is presumed to call the API.
  "disable-token-automount": (object, specPath, override) => {
    const spec = objectAt(object, ...specPath);
    const account = serviceAccountNameOfSpec(spec);
    return account === "default"
      ? set(object, specPath, ["automountServiceAccountToken"], false, override)
      : [];
  },
  "seccomp-runtime-default": (object, specPath, override) => {
    const spec = objectAt(object, ...specPath) ?? {};
    const containerSets = containersOf(spec).some(
      (container) => objectAt(container.spec, "securityContext", "seccompProfile") !== undefined,
    );
    if (containerSets && !override) return [];
    return set(
      object,
      specPath,
      ["securityContext", "seccompProfile"],
      { type: "RuntimeDefault" },
      override,
    );
  },
  "drop-all-capabilities": (object, specPath, override) =>
    eachContainer(object, specPath, (base, container) =>
      objectAt(container, "securityContext", "capabilities", "drop") === undefined || override
        ? set(object, base, ["securityContext", "capabilities", "drop"], ["ALL"], override)
        : [],
    ),
  // The apiserver rejects allowPrivilegeEscalation=false on a privileged container or one
  // with CAP_SYS_ADMIN, so those are left for the controls to report.
  "disallow-privilege-escalation": (object, specPath, override) =>
    eachContainer(object, specPath, (base, container) => {
      const context = objectAt(container, "securityContext");
      const added = objectAt(context, "capabilities")?.["add"];
      const sysAdmin = Array.isArray(added) && added.includes("SYS_ADMIN");
      if (context?.["privileged"] === true || sysAdmin) return [];
      return set(object, base, ["securityContext", "allowPrivilegeEscalation"], false, override);
    }),
  "run-as-non-root": (object, specPath, override) =>
    set(object, specPath, ["securityContext", "runAsNonRoot"], true, override),
};

function eachContainer(
  object: KubeObject,
  specPath: readonly string[],
  mutate: (
    base: readonly (string | number)[],
    container: Readonly<Record<string, unknown>>,
  ) => PatchOperation[],
): PatchOperation[] {
  const spec = objectAt(object, ...specPath) ?? {};
  return containersOf(spec)
    .filter((container) => container.kind !== "ephemeralContainers")
    .flatMap((container) => mutate([...specPath, container.kind, container.index], container.spec));
}

/**
 * The JSON Patch of the policy's enabled mutations for a pod or workload; [] for others. Each
 * mutation sees the object as the previous ones left it, so that two of them creating the same
 * missing `securityContext` do not overwrite each other.
 */
export function mutationsFor(
  object: KubeObject,
  policy: AdmissionPolicy,
): readonly PatchOperation[] {
  const template = podTemplateOf(
    object,
    object.metadata.namespace ?? "default",
    { kind: object.kind, name: object.metadata.name },
    { file: "admission" },
  );
  if (template === undefined) return [];
  let current: KubeObject = object;
  const operations: PatchOperation[] = [];
  for (const mutation of policy.mutations) {
    const added = mutators[mutation](current, template.specPath, policy.overrideExplicit);
    if (added.length > 0) current = applyPatch(current, added);
    operations.push(...added);
  }
  return operations;
}

/** Applies add/replace operations on object members to a copy (the subset of RFC 6902 we emit). */
export function applyPatch<T>(document: T, operations: readonly PatchOperation[]): T {
  const copy = structuredClone(document);
  for (const operation of operations) {
    const keys = operation.path
      .split("/")
      .slice(1)
      .map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"));
    const last = keys.pop();
    let parent: unknown = copy;
    for (const key of keys) parent = (parent as Record<string, unknown>)[key];
    if (last === undefined || typeof parent !== "object" || parent === null) {
      throw new Error(`patch path ${operation.path} has no parent`);
    }
    (parent as Record<string, unknown>)[last] = structuredClone(operation.value);
  }
  return copy;
}
