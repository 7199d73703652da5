import type { FrameworkMapping, Pillar, Severity } from "../model/check-meta.ts";
import { isObject, objectAt, type JsonObject } from "../model/fields.ts";
import { POD_TEMPLATE_PATHS } from "../model/kinds.ts";
import type { AuditEvent } from "./audit-event.ts";

/** Everything about a detection rule except how it matches: what alerts and docs show. */
export interface RuleMeta {
  /** kebab-case, equal to the file name. */
  readonly id: string;
  /** Names what was detected: "Shell or attach into a running pod". */
  readonly title: string;
  readonly pillar: Pillar;
  readonly severity: Severity;
  /** MITRE ATT&CK technique ids (https://attack.mitre.org/matrices/enterprise/containers/). */
  readonly techniques: readonly string[];
  readonly frameworks: FrameworkMapping;
  /** What to do when it fires, in one or two sentences. */
  readonly remediation: string;
  readonly description?: string;
}

/** One match of a rule on one event; a rule returns undefined when the event is not its concern. */
export interface RuleHit {
  readonly message: string;
  /** Facts that explain the hit; never a credential or a Secret's data. */
  readonly evidence?: Readonly<Record<string, unknown>>;
  readonly severity?: Severity;
}

/**
 * A detection rule over audit events. `match` is pure. `resources` (as `resource` or
 * `resource/subresource`) lets the engine skip the rule for other events; leave it out to see all.
 * With `threshold`, the engine alerts only when one identity hits the rule `count` times within
 * `windowSeconds` (then stays quiet for the rest of that window).
 */
export interface Rule extends RuleMeta {
  readonly resources?: readonly string[];
  readonly threshold?: { readonly count: number; readonly windowSeconds: number };
  readonly match: (event: AuditEvent) => RuleHit | undefined;
}

export const WRITE_VERBS: ReadonlySet<string> = new Set(["create", "update", "patch"]);

/** The request was carried out: a code below 400, or none recorded (stage before the answer). */
export function wasAllowed(event: AuditEvent): boolean {
  return event.responseCode === undefined || event.responseCode < 400;
}

/**
 * The request got past authorization, whatever happened next (an exec into a pod that is not
 * running still tried): the apiserver's `authorization.k8s.io/decision` annotation when logged,
 * else any answer but 401 and 403.
 */
export function wasAuthorized(event: AuditEvent): boolean {
  const decision = event.annotations["authorization.k8s.io/decision"];
  if (decision !== undefined) return decision === "allow";
  return event.responseCode !== 401 && event.responseCode !== 403;
}

/** The event's resource as RBAC names it: `pods` or `pods/exec`. */
export function resourceOf(event: AuditEvent): string | undefined {
  const ref = event.objectRef;
  if (ref === undefined) return undefined;
  return ref.subresource === undefined ? ref.resource : `${ref.resource}/${ref.subresource}`;
}

/**
 * Identities of the control plane itself: `system:` users (kube-controller-manager, nodes,
 * the scheduler) and kube-system's controller service accounts. Other namespaces' service
 * accounts are workloads and are judged like people.
 */
export function isControlPlane(username: string): boolean {
  if (username.startsWith("system:serviceaccount:"))
    return username.startsWith("system:serviceaccount:kube-system:");
  return username.startsWith("system:") && username !== "system:anonymous";
}

/** The object a write carried: the response (the stored result) when logged, else the request. */
export function writtenObject(event: AuditEvent): JsonObject | undefined {
  if (isObject(event.responseObject) && event.responseObject["kind"] !== "Status")
    return event.responseObject;
  return isObject(event.requestObject) ? event.requestObject : undefined;
}

/** Resource name of each kind that carries a pod template. */
const TEMPLATE_KIND_BY_RESOURCE: Readonly<Record<string, string>> = {
  pods: "Pod",
  deployments: "Deployment",
  statefulsets: "StatefulSet",
  daemonsets: "DaemonSet",
  replicasets: "ReplicaSet",
  replicationcontrollers: "ReplicationController",
  jobs: "Job",
  cronjobs: "CronJob",
};
export const WORKLOAD_RESOURCES: readonly string[] = Object.keys(TEMPLATE_KIND_BY_RESOURCE);

/**
 * The pod spec a workload write asks for (create, update, patch). Patches carry only what they
 * change, which is enough: a patch that sets `privileged: true` is itself the evidence. Pods made
 * by the control plane's controllers are skipped: their owner was judged when it was written.
 */
export function writtenPodSpec(event: AuditEvent): JsonObject | undefined {
  const ref = event.objectRef;
  if (ref === undefined || ref.subresource !== undefined || !WRITE_VERBS.has(event.verb))
    return undefined;
  if (!wasAllowed(event) || isControlPlane(event.user.username)) return undefined;
  const kind = TEMPLATE_KIND_BY_RESOURCE[ref.resource];
  if (kind === undefined) return undefined;
  const path = POD_TEMPLATE_PATHS[kind] ?? [];
  const object = isObject(event.requestObject) ? event.requestObject : undefined;
  return objectAt(object, ...path, "spec");
}

/** `namespace/name` or `name` of the event's object, for messages. */
export function objectName(event: AuditEvent): string {
  const ref = event.objectRef;
  if (ref === undefined) return event.requestURI;
  const name = ref.name ?? "(unnamed)";
  return ref.namespace === undefined ? name : `${ref.namespace}/${name}`;
}

/**
 * The clauses every detection supports: continuous monitoring for anomalies (SOC 2 CC7.2),
 * NIST SP 800-207 tenet 7 (collect state and use it to improve posture), and the CISA ZTMM
 * Visibility and Analytics function. Rules add their own on top.
 */
export const DETECTION_FRAMEWORKS = {
  "nist-800-207": ["Tenet 7"],
  "cisa-ztmm": ["Visibility and Analytics"],
  soc2: ["CC7.2"],
} as const;
