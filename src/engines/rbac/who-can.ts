import { grantOf, PRIVILEGED_GROUP, type RbacAuthorizer } from "./authorizer.ts";
import { roleResolutionError } from "./describe.ts";
import {
  authorizeNode,
  NODE_USER_PREFIX,
  NODES_GROUP,
  type NodeEvidence,
} from "./node-authorizer.ts";
import type { NodeGraph, NodeVertexType } from "./node-graph.ts";
import type { Grant, PolicyRule, RbacBinding, Request, Subject, UserInfo } from "./types.ts";

/** A node identity the Node authorizer allows; `node` is `*` when every node is allowed. */
export interface NodeGrant {
  readonly node: string;
  readonly evidence: NodeEvidence;
}

/** A subject some binding names, with the namespace a ServiceAccount resolves to. */
export interface GrantedSubject {
  readonly subject: Subject;
  readonly grants: readonly Grant[];
}

export interface WhoCanAnswer {
  /** Groups allowed everything before RBAC runs (`system:masters`). */
  readonly privilegedGroups: readonly string[];
  readonly subjects: readonly GrantedSubject[];
  /** Node identities (`system:node:<name>` in `system:nodes`) the Node authorizer allows. */
  readonly nodes: readonly NodeGrant[];
}

/**
 * Every subject a binding grants the request to, found through the rule index (verb x resource)
 * and the role -> bindings index, never by scanning all bindings. A subject in the list is
 * allowed; a user is allowed iff its name or one of its groups is in the list (or in
 * `privilegedGroups`).
 */
export function whoCan(
  authorizer: RbacAuthorizer,
  request: Request,
  node?: { readonly graph: NodeGraph; readonly rules: readonly PolicyRule[] },
): WhoCanAnswer {
  const namespace = request.kind === "resource" ? request.namespace : "";
  const bySubject = new Map<string, { subject: Subject; label: string; grants: Grant[] }>();
  for (const { role, roleRule } of authorizer.candidateRules(request)) {
    for (const binding of authorizer.bindingsOfRole(role, namespace)) {
      for (const { subject, key, label } of resolvedSubjects(binding)) {
        let entry = bySubject.get(key);
        if (entry === undefined) bySubject.set(key, (entry = { subject, label, grants: [] }));
        entry.grants.push(grantOf(binding, subject, role, roleRule));
      }
    }
  }
  const subjects = [...bySubject.values()]
    .sort((a, b) => compareStrings(a.label, b.label))
    .map(({ subject, grants }) => ({ subject, grants }));
  const nodes = node === undefined ? [] : nodesAllowed(node.graph, node.rules, request);
  return { privilegedGroups: [PRIVILEGED_GROUP], subjects, nodes };
}

/** Graph vertex type of the resources whose answer depends on the pods bound to a node. */
const GRAPH_TYPES: Readonly<Record<string, NodeVertexType>> = {
  "/secrets": "secret",
  "/configmaps": "configmap",
  "/persistentvolumeclaims": "pvc",
  "/persistentvolumes": "pv",
  "/serviceaccounts": "serviceAccount",
  "/pods": "pod",
  "resource.k8s.io/resourceclaims": "resourceclaim",
  "resource.k8s.io/resourceslices": "resourceslice",
  "storage.k8s.io/volumeattachments": "volumeattachment",
};

/**
 * The nodes the Node authorizer allows: every node when a node of no particular name is
 * allowed, otherwise the node the request names (its own objects) and the nodes the graph
 * links to the object.
 */
function nodesAllowed(
  graph: NodeGraph,
  rules: readonly PolicyRule[],
  request: Request,
): NodeGrant[] {
  const ask = (name: string) =>
    authorizeNode(
      graph,
      rules,
      { name: `${NODE_USER_PREFIX}${name}`, groups: [NODES_GROUP] },
      request,
    );
  // No node is named "" in the graph, and a name with a NUL byte cannot be a node's.
  const anyNode = ask("\u0000any");
  if (anyNode?.allowed === true && anyNode.evidence !== undefined)
    return [{ node: "*", evidence: { ...anyNode.evidence, node: "*" } }];
  if (request.kind !== "resource") return [];
  const type = GRAPH_TYPES[`${request.apiGroup}/${request.resource}`];
  const candidates = new Set<string>(request.name === "" ? [] : [request.name]);
  if (type !== undefined && request.name !== "") {
    for (const { node } of graph.nodesReaching(type, request.namespace, request.name))
      candidates.add(node);
  }
  const out: NodeGrant[] = [];
  for (const name of [...candidates].sort(compareStrings)) {
    const decision = ask(name);
    if (decision?.allowed === true && decision.evidence !== undefined)
      out.push({ node: name, evidence: decision.evidence });
  }
  return out;
}

interface ResolvedSubject {
  readonly subject: Subject;
  readonly key: string;
  readonly label: string;
}

// Bindings are immutable once parsed: their subjects, keys and labels are worked out once, so
// that a who-can allocates only its answer.
const resolved = new WeakMap<RbacBinding, readonly ResolvedSubject[]>();
function resolvedSubjects(binding: RbacBinding): readonly ResolvedSubject[] {
  let found = resolved.get(binding);
  if (found === undefined) {
    found = subjectsOf(binding).map((subject) => ({
      subject,
      key: `${subject.kind}\u0000${subject.namespace}\u0000${subject.name}`,
      label: subjectLabel(subject),
    }));
    resolved.set(binding, found);
  }
  return found;
}

/** The subjects a binding can match, ServiceAccounts with their namespace resolved. */
export function subjectsOf(binding: RbacBinding): Subject[] {
  return binding.subjects.flatMap((subject) => {
    if (subject.kind === "User" || subject.kind === "Group") return [{ ...subject, namespace: "" }];
    if (subject.kind !== "ServiceAccount") return [];
    const namespace = subject.namespace === "" ? (binding.namespace ?? "") : subject.namespace;
    return namespace === "" ? [] : [{ ...subject, namespace }];
  });
}

export function subjectLabel(subject: Subject): string {
  return subject.kind === "ServiceAccount"
    ? `ServiceAccount ${subject.namespace}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

export interface WhatCanAnswer {
  readonly user: UserInfo;
  readonly privilegedGroup: boolean;
  /** Rules from cluster role bindings: they hold in every namespace and at cluster scope. */
  readonly cluster: readonly Grant[];
  /** Rules from role bindings, by namespace (only namespaces with some). */
  readonly namespaces: Readonly<Record<string, readonly Grant[]>>;
  /** Bindings that apply but whose role is missing (as `RulesFor` reports them). */
  readonly errors: readonly string[];
  /** For a node identity under the Node authorizer: what it allows besides RBAC. */
  readonly node?: NodeWhatCan;
}

/** What the Node authorizer lets one node do (it cannot enumerate rules; this lists them). */
export interface NodeWhatCan {
  readonly node: string;
  /** The rules every node gets, for the resources the authorizer does not subdivide. */
  readonly rules: readonly PolicyRule[];
  /** Objects linked to the node through the pods bound to it, by graph type. */
  readonly objects: Readonly<
    Partial<
      Record<
        NodeVertexType,
        readonly { namespace: string; name: string; pod?: { namespace: string; name: string } }[]
      >
    >
  >;
}

const LISTED_TYPES: readonly NodeVertexType[] = [
  "pod",
  "secret",
  "configmap",
  "serviceAccount",
  "pvc",
  "pv",
  "resourceclaim",
  "volumeattachment",
  "resourceslice",
];

/** The Node authorizer's part of a node's what-can. */
export function nodeWhatCan(
  graph: NodeGraph,
  rules: readonly PolicyRule[],
  node: string,
): NodeWhatCan {
  const objects: Partial<
    Record<
      NodeVertexType,
      { namespace: string; name: string; pod?: { namespace: string; name: string } }[]
    >
  > = {};
  for (const type of LISTED_TYPES) {
    const found = graph.objectsOf(node, type);
    if (found.length > 0)
      objects[type] = found.map(({ namespace, name, pod }) => ({
        namespace,
        name,
        ...(pod === undefined ? {} : { pod }),
      }));
  }
  return { node, rules, objects };
}

/** The effective rules of a user, like a SelfSubjectRulesReview over every namespace. */
export function whatCan(authorizer: RbacAuthorizer, user: UserInfo): WhatCanAnswer {
  const errors: string[] = [];
  const collect = (namespace: string, kind: RbacBinding["kind"]): Grant[] =>
    authorizer.bindingsFor(user, namespace).flatMap(({ binding, subject }) => {
      if (binding.kind !== kind) return [];
      const role = authorizer.roleOf(binding);
      if (role === undefined) {
        errors.push(
          `${binding.ref.kind} ${binding.namespace === undefined ? "" : `${binding.namespace}/`}${binding.name}: ${roleResolutionError(binding)}`,
        );
        return [];
      }
      return role.rules.map((rule) => grantOf(binding, subject, role, rule));
    });
  const cluster = collect("", "ClusterRoleBinding");
  const namespaces: Record<string, Grant[]> = {};
  const names = [
    ...new Set(authorizer.bindings.flatMap((binding) => binding.namespace ?? [])),
  ].sort(compareStrings);
  for (const namespace of names) {
    const grants = collect(namespace, "RoleBinding");
    if (grants.length > 0) namespaces[namespace] = grants;
  }
  return {
    user,
    privilegedGroup: user.groups.includes(PRIVILEGED_GROUP),
    cluster,
    namespaces,
    errors,
  };
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
