// Shared machinery of the Pod Security Standards controls: which PSS version a pod is judged at,
// and how a control's violations become results. The semantics follow the Kubernetes
// `k8s.io/pod-security-admission` policy package of release v1.36, field by field.
import type { Result } from "./check-meta.ts";
import { type ContainerView } from "./containers.ts";
import { objectAt, objectsAt, stringAt, stringMapAt, stringsAt } from "./fields.ts";
import type { Inventory } from "./inventory.ts";
import type { PodTemplateView } from "./pod-template.ts";
import { fail, pass, skip } from "./results.ts";

export const PSS_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];

/** The newest Kubernetes minor (1.x) whose Pod Security Standards Tenet encodes. */
export const PSS_LATEST_MINOR = 36;

/**
 * The capabilities the baseline level lets a container add: the container runtimes' default
 * set, so adding them grants nothing a container lacks. Shared by the control and the
 * ValidatingAdmissionPolicy generator, which must agree.
 */
export const BASELINE_ADDABLE_CAPABILITIES: readonly string[] = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];

export const PSS_LABEL_PREFIX = "pod-security.kubernetes.io/";
export const ENFORCE_LABEL = `${PSS_LABEL_PREFIX}enforce`;
export const ENFORCE_VERSION_LABEL = `${PSS_LABEL_PREFIX}enforce-version`;

export function parsePssLevel(value: string): PssLevel | undefined {
  return (PSS_LEVELS as readonly string[]).includes(value) ? (value as PssLevel) : undefined;
}

// "latest" or "v1.<minor>" with no leading zero, exactly as pod-security-admission accepts.
const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;

/** The minor of a `v1.x` version label, `latest` as PSS_LATEST_MINOR; undefined when invalid. */
export function parsePssVersion(value: string): number | undefined {
  if (value === "latest") return PSS_LATEST_MINOR;
  const match = VERSION_PATTERN.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function formatPssVersion(minor: number): string {
  return `v1.${minor}`;
}

/**
 * The PSS version a namespace's pods are judged at: its `enforce-version` label. Like the
 * admission controller, an absent label means the PodSecurity plugin's configured default (when the
 * input carries it), an absent default or an invalid label means latest, and a version newer than
 * the newest Tenet knows is judged as that newest one. Pods whose Namespace object is not in the
 * input are judged as if it had no labels; the namespace control reports the gap.
 */
export function pssMinorFor(inventory: Inventory, namespace: string): number {
  let minors = minorCache.get(inventory);
  if (minors === undefined) minorCache.set(inventory, (minors = new Map<string, number>()));
  let minor = minors.get(namespace);
  if (minor === undefined) minors.set(namespace, (minor = readMinor(inventory, namespace)));
  return minor;
}

// Every PSS control asks for every pod: read each namespace's version once per snapshot.
const minorCache = new WeakMap<Inventory, Map<string, number>>();

function readMinor(inventory: Inventory, namespace: string): number {
  const entry = inventory.get("Namespace", undefined, namespace, "");
  const label =
    stringMapAt(entry?.object, "metadata", "labels")[ENFORCE_VERSION_LABEL] ??
    podSecurityAdmissionOf(inventory)?.defaults[ENFORCE_VERSION_KEY];
  const minor = label === undefined ? undefined : parsePssVersion(label);
  return Math.min(minor ?? PSS_LATEST_MINOR, PSS_LATEST_MINOR);
}

const ENFORCE_VERSION_KEY = "enforce-version";

/** The PodSecurity admission plugin's configuration, when the input carries it inline. */
export interface PodSecurityAdmission {
  /** `defaults` of the PodSecurityConfiguration: `enforce`, `enforce-version`, ... */
  readonly defaults: Readonly<Record<string, string>>;
  /** Namespaces the plugin never evaluates. */
  readonly exemptNamespaces: ReadonlySet<string>;
}

/**
 * Reads the first AdmissionConfiguration (apiserver.config.k8s.io) whose PodSecurity plugin
 * carries its PodSecurityConfiguration inline. A plugin configured by `path` names a file the
 * input does not contain: that counts as not observed.
 */
export function podSecurityAdmissionOf(inventory: Inventory): PodSecurityAdmission | undefined {
  for (const entry of inventory.ofKind("AdmissionConfiguration", "apiserver.config.k8s.io")) {
    for (const plugin of objectsAt(entry.object, "plugins")) {
      const configuration = objectAt(plugin, "configuration");
      if (stringAt(plugin, "name") !== "PodSecurity" || configuration === undefined) continue;
      return {
        defaults: stringMapAt(configuration, "defaults"),
        exemptNamespaces: new Set(stringsAt(configuration, "exemptions", "namespaces")),
      };
    }
  }
  return undefined;
}

/** One restricted field holding a value the standard does not allow. */
export interface PssViolation {
  /** The container's name, absent for pod-level fields. */
  readonly container?: string;
  /** Path from the pod, e.g. `spec.initContainers[0].securityContext.privileged`. */
  readonly field: string;
  /** The offending value; `undefined` when the field is required but unset. */
  readonly value: unknown;
}

/** A Pod Security Standards control: which level, the official name, the first version. */
export interface PssControl {
  readonly id: string;
  readonly level: Exclude<PssLevel, "privileged">;
  readonly control: string;
  /** First Kubernetes minor (1.x) whose PSS contains the control. */
  readonly since: number;
  /** The violations of one pod at a version (minor), empty when the pod satisfies the control. */
  readonly judge: (pod: PodTemplateView, minor: number) => readonly PssViolation[];
}

/**
 * Version semantics: a control that first appears in some release only applies to pods whose
 * namespace pins `enforce-version` at or after it (or `latest`); otherwise the pod is skipped
 * with that reason, so pinning an old version is visible rather than silently passing.
 */
export function evaluatePssControl(inventory: Inventory, control: PssControl): readonly Result[] {
  return inventory.pods.map((pod) => {
    const minor = pssMinorFor(inventory, pod.namespace);
    const version = formatPssVersion(minor);
    if (minor < control.since) {
      return skip(
        control.id,
        pod.ownerRef,
        `${control.control} is part of the Pod Security Standards from ${formatPssVersion(control.since)}; namespace ${pod.namespace} pins ${version}`,
      );
    }
    const violations = control.judge(pod, minor);
    if (violations.length === 0) {
      return pass(control.id, pod.ownerRef, `Meets ${control.level} "${control.control}"`, {
        version,
      });
    }
    const fields = violations.map((violation) => violation.field).join(", ");
    return fail(
      control.id,
      pod.ownerRef,
      `Violates ${control.level} "${control.control}": ${fields}`,
      { version, violations },
    );
  });
}

/** JSON path of a container field, e.g. `spec.containers[1].securityContext.privileged`. */
export function containerField(container: ContainerView, ...path: readonly string[]): string {
  return [`spec.${container.kind}[${container.index}]`, ...path].join(".");
}

/** A violation of a container field. */
export function containerViolation(
  container: ContainerView,
  value: unknown,
  ...path: readonly string[]
): PssViolation {
  return { container: container.name, field: containerField(container, ...path), value };
}

/** Windows pods are exempt from some restricted controls from v1.25 (`spec.os.name`). */
export function isWindowsPod(pod: PodTemplateView): boolean {
  return stringAt(pod.spec, "os", "name") === "windows";
}

/** A pod in a user namespace (`hostUsers: false`) is relaxed by some controls from v1.35. */
export function isUserNamespacePod(pod: PodTemplateView): boolean {
  return pod.spec["hostUsers"] === false;
}

/** The `tags` every PSS finding carries (CheckMeta `tags`). */
export function pssTags(control: PssControl): Readonly<Record<string, string>> {
  return { standard: "pod-security-standards", level: control.level, control: control.control };
}

/** The parts of a container image reference that say whether it is pinned. */
export interface ImageReference {
  /** Repository with its registry, e.g. `registry:5000/team/app`. */
  readonly repository: string;
  readonly tag?: string;
  /** `algorithm:hex`, e.g. `sha256:...`. */
  readonly digest?: string;
}

// Digest per the OCI distribution reference grammar: algorithm ":" at least 32 hex digits.
const DIGEST_PATTERN = /@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})$/;

/** Splits `repo[:tag][@digest]`; a `:` before the last `/` is a registry port, not a tag. */
export function parseImageReference(image: string): ImageReference {
  const digest = DIGEST_PATTERN.exec(image)?.[1];
  const rest = digest === undefined ? image : image.slice(0, image.length - digest.length - 1);
  const colon = rest.lastIndexOf(":");
  const hasTag = colon > rest.lastIndexOf("/");
  return {
    repository: hasTag ? rest.slice(0, colon) : rest,
    ...(hasTag ? { tag: rest.slice(colon + 1) } : {}),
    ...(digest === undefined ? {} : { digest }),
  };
}

/**
 * The type of a seccomp or AppArmor profile in a security context: undefined when no profile is
 * set (absent or null), "" when a profile is set without a type, as Go decodes `{}`.
 */
export function profileTypeAt(
  owner: unknown,
  profile: "seccompProfile" | "appArmorProfile",
): string | undefined {
  const set = objectAt(owner, "securityContext", profile);
  return set === undefined ? undefined : (stringAt(set, "type") ?? "");
}
