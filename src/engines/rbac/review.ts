import { isObject, objectAt, stringAt, stringsAt, type JsonObject } from "../../model/fields.ts";
import type { NodeEvidence } from "./node-authorizer.ts";
import type { Decision, Grant, Request, UserInfo } from "./types.ts";

export const REVIEW_API_VERSION = "authorization.k8s.io/v1";

export type ParsedReview =
  | { readonly ok: true; readonly user: UserInfo; readonly request: Request }
  | { readonly ok: false; readonly error: string };

/**
 * Reads a SubjectAccessReview as the apiserver validates it: `authorization.k8s.io/v1`, exactly
 * one of resourceAttributes and nonResourceAttributes, and a user or a group. The user is taken
 * as given: a review adds no groups (unlike impersonation).
 */
export function parseSubjectAccessReview(value: unknown): ParsedReview {
  if (!isObject(value)) return { ok: false, error: "not an object" };
  if (value["apiVersion"] !== REVIEW_API_VERSION || value["kind"] !== "SubjectAccessReview") {
    return {
      ok: false,
      error: `expected apiVersion ${REVIEW_API_VERSION} and kind SubjectAccessReview, got ${String(value["apiVersion"])} ${String(value["kind"])}`,
    };
  }
  const spec = objectAt(value, "spec") ?? {};
  const resource = objectAt(spec, "resourceAttributes");
  const nonResource = objectAt(spec, "nonResourceAttributes");
  if ((resource === undefined) === (nonResource === undefined)) {
    return {
      ok: false,
      error: "spec: exactly one of nonResourceAttributes or resourceAttributes must be specified",
    };
  }
  const name = stringAt(spec, "user") ?? "";
  const groups = stringsAt(spec, "groups");
  if (name === "" && groups.length === 0) {
    return { ok: false, error: "spec: at least one of user or group must be specified" };
  }
  const uid = stringAt(spec, "uid");
  const user: UserInfo = { name, groups, ...(uid === undefined ? {} : { uid }) };
  const field = (from: JsonObject | undefined, key: string): string => stringAt(from, key) ?? "";
  const request: Request =
    resource !== undefined
      ? {
          kind: "resource",
          verb: field(resource, "verb"),
          namespace: field(resource, "namespace"),
          apiGroup: field(resource, "group"),
          resource: field(resource, "resource"),
          subresource: field(resource, "subresource"),
          name: field(resource, "name"),
        }
      : { kind: "nonResource", verb: field(nonResource, "verb"), path: field(nonResource, "path") };
  return { ok: true, user, request };
}

/** The review with `status` as the apiserver fills it, plus Tenet's `evidence` of the grants. */
export function answeredReview(review: JsonObject, decision: Decision): JsonObject {
  return {
    ...review,
    status: {
      allowed: decision.allowed,
      ...(decision.reason === "" ? {} : { reason: decision.reason }),
      ...(decision.privilegedGroup ? { evidence: [{ privilegedGroup: "system:masters" }] } : {}),
      ...(decision.nodeAuthorizer === undefined
        ? {}
        : { evidence: [nodeEvidenceOf(decision.nodeAuthorizer)] }),
      ...(decision.grants.length === 0 ? {} : { evidence: decision.grants.map(evidenceOf) }),
    },
  };
}

/** A grant as plain data: binding -> role -> rule. */
export function evidenceOf(grant: Grant): JsonObject {
  const ref = (kind: string, namespace: string | undefined, name: string) => ({
    kind,
    ...(namespace === undefined ? {} : { namespace }),
    name,
  });
  return {
    binding: ref(grant.binding.kind, grant.binding.namespace, grant.binding.name),
    subject: {
      kind: grant.subject.kind,
      name: grant.subject.name,
      ...(grant.subject.namespace === "" ? {} : { namespace: grant.subject.namespace }),
    },
    role: ref(grant.role.kind, grant.role.namespace, grant.role.name),
    ruleIndex: grant.ruleIndex,
    rule: compactRule(grant),
    ...(grant.aggregatedFrom === undefined ? {} : { aggregatedFrom: grant.aggregatedFrom }),
    ...(grant.bootstrap ? { bootstrapPolicy: true } : {}),
    ...(grant.binding.file === undefined || grant.bootstrap
      ? {}
      : {
          source: `${grant.binding.file}${grant.binding.line === undefined ? "" : `:${grant.binding.line}`}`,
        }),
  };
}

function compactRule(grant: Grant): JsonObject {
  const { rule } = grant;
  const out: Record<string, readonly string[]> = {};
  for (const key of [
    "verbs",
    "apiGroups",
    "resources",
    "resourceNames",
    "nonResourceURLs",
  ] as const) {
    if (rule[key].length > 0) out[key] = rule[key];
  }
  return out;
}

/** `get,list pods,pods/log [names: a] in apps` in one line, for text output. */
export function formatRule(grant: Grant): string {
  const { rule } = grant;
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) {
    return `${rule.verbs.join(",")} ${rule.nonResourceURLs.join(",")}`;
  }
  const groups = rule.apiGroups.map((group) => (group === "" ? '""' : group)).join(",");
  const names = rule.resourceNames.length === 0 ? "" : ` names=${rule.resourceNames.join(",")}`;
  return `${rule.verbs.join(",")} ${rule.resources.join(",")} groups=${groups}${names}`;
}

export function formatGrant(grant: Grant): string {
  const where = (ref: { kind: string; namespace?: string; name: string }) =>
    `${ref.kind} ${ref.namespace === undefined ? "" : `${ref.namespace}/`}${ref.name}`;
  const from =
    grant.aggregatedFrom === undefined ? "" : ` (aggregated from ${grant.aggregatedFrom})`;
  return `${where(grant.binding)} -> ${where(grant.role)} rule[${grant.ruleIndex}]${from}: ${formatRule(grant)}`;
}

/** The Node authorizer's evidence as plain data. */
export function nodeEvidenceOf(evidence: NodeEvidence): JsonObject {
  return {
    authorizer: "Node",
    node: evidence.node,
    basis: evidence.basis,
    ...(evidence.pod === undefined ? {} : { pod: evidence.pod }),
    ...(evidence.via === undefined ? {} : { via: evidence.via }),
    ...(evidence.rule === undefined
      ? {}
      : { ruleIndex: evidence.ruleIndex ?? 0, rule: { ...evidence.rule } }),
  };
}

/** One line: why the Node authorizer allowed. */
export function formatNodeEvidence(evidence: NodeEvidence): string {
  const who = evidence.node === "*" ? "every node" : `node ${evidence.node}`;
  switch (evidence.basis) {
    case "graph": {
      const pod =
        evidence.pod === undefined
          ? ""
          : ` through pod ${evidence.pod.namespace}/${evidence.pod.name} bound to it`;
      const via = evidence.via === undefined ? "" : ` (via ${evidence.via.join(", ")})`;
      return `allowed by the Node authorizer: ${who} is linked to the object${pod}${via}`;
    }
    case "own-object":
      return `allowed by the Node authorizer: ${who} reads or writes its own object`;
    case "node-write":
      return `allowed by the Node authorizer for ${who} (the NodeRestriction admission plugin limits it to the node's own objects)`;
    case "node-rules":
      return `allowed by the Node authorizer's rules for ${who} (system:node rule[${evidence.ruleIndex ?? 0}]: ${evidence.rule === undefined ? "" : `${evidence.rule.verbs.join(",")} ${[...evidence.rule.resources, ...evidence.rule.nonResourceURLs].join(",")}`})`;
  }
}
