import type { Diagnostic } from "../../model/diagnostic.ts";
import type { Inventory } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { resolveAggregation } from "./aggregation.ts";
import { buildAuthorizer, PRIVILEGED_GROUP, type RbacAuthorizer } from "./authorizer.ts";
import { DEFAULT_BOOTSTRAP_POLICY, nodeRulesOf } from "./bootstrap/index.ts";
import { authorizeNode, nodeNameOf } from "./node-authorizer.ts";
import { buildNodeGraph, type NodeGraph } from "./node-graph.ts";
import { parsePolicyRule, parseRbac, isRbacObject, type RbacSource } from "./parse.ts";
import type { Decision, PolicyRule, Request, UserInfo } from "./types.ts";
import { nodeWhatCan, whatCan, whoCan, type WhatCanAnswer, type WhoCanAnswer } from "./who-can.ts";
import { escalationPaths, type PathFinding } from "./paths/index.ts";

export type * from "./types.ts";
export type {
  WhatCanAnswer,
  WhoCanAnswer,
  GrantedSubject,
  NodeGrant,
  NodeWhatCan,
} from "./who-can.ts";
export type { NodeEvidence, NodeDecision } from "./node-authorizer.ts";
export type { NodeGraph, NodeLink, NodeVertexType } from "./node-graph.ts";
export { nodeNameOf, NODE_USER_PREFIX, NODES_GROUP } from "./node-authorizer.ts";
export type {
  PathFinding,
  PathStep,
  FindingSubject,
  FindingType,
  Technique,
} from "./paths/index.ts";

/** The identity engine: an exact RBAC authorizer and the questions built on it. */
export interface RbacEngine {
  readonly authorizer: RbacAuthorizer;
  readonly inventory: Inventory;
  /** Malformed RBAC objects that were left out. */
  readonly diagnostics: readonly Diagnostic[];
  /** The Node authorizer's graph; undefined when the Node authorizer is off. */
  readonly nodeGraph: NodeGraph | undefined;
  can(user: UserInfo, request: Request): Decision;
  whoCan(request: Request): WhoCanAnswer;
  whatCan(user: UserInfo): WhatCanAnswer;
  /** Escalation, lateral-movement and hygiene findings (computed once, on first call). */
  escalationPaths(): readonly PathFinding[];
}

export interface RbacEngineOptions {
  /** Objects the apiserver creates itself (the bootstrap policy); scanned objects win. */
  readonly bootstrap?: readonly KubeObject[];
  /**
   * Run the Node authorizer before RBAC, as `--authorization-mode=Node,RBAC` does (kubeadm's
   * default). Default true.
   */
  readonly nodeAuthorizer?: boolean;
}

export function buildRbacEngine(inventory: Inventory, options: RbacEngineOptions = {}): RbacEngine {
  const sources: RbacSource[] = [
    ...inventory.entries
      .filter((entry) => isRbacObject(entry.object))
      .map((entry) => ({ object: entry.object, entry, bootstrap: false })),
    ...(options.bootstrap ?? []).map((object) => ({ object, bootstrap: true })),
  ];
  const parsed = parseRbac(sources);
  const authorizer = buildAuthorizer(resolveAggregation(parsed.roles), parsed.bindings);
  const node =
    options.nodeAuthorizer === false
      ? undefined
      : {
          graph: buildNodeGraph(inventory),
          rules: nodeRulesOf(DEFAULT_BOOTSTRAP_POLICY).map(parsePolicyRule),
        };
  let paths: readonly PathFinding[] | undefined;
  return {
    authorizer,
    inventory,
    diagnostics: parsed.diagnostics,
    nodeGraph: node?.graph,
    can: (user, request) => decideInOrder(authorizer, node, user, request),
    whoCan: (request) => whoCan(authorizer, request, node),
    whatCan: (user) => {
      const answer = whatCan(authorizer, user);
      const name = node === undefined ? undefined : nodeNameOf(user);
      if (node === undefined || name === undefined || name === "") return answer;
      return { ...answer, node: nodeWhatCan(node.graph, node.rules, name) };
    },
    escalationPaths: () => (paths ??= escalationPaths(authorizer, inventory, node?.graph)),
  };
}

/**
 * The apiserver's chain: `system:masters` first, then the Node authorizer (allow or no
 * opinion), then RBAC. A denial carries every authorizer's reason, one per line.
 */
function decideInOrder(
  authorizer: RbacAuthorizer,
  node: { readonly graph: NodeGraph; readonly rules: readonly PolicyRule[] } | undefined,
  user: UserInfo,
  request: Request,
): Decision {
  if (node === undefined || user.groups.includes(PRIVILEGED_GROUP))
    return authorizer.authorize(user, request);
  const fromNode = authorizeNode(node.graph, node.rules, user, request);
  if (fromNode?.evidence !== undefined && fromNode.allowed) {
    return {
      allowed: true,
      reason: "",
      privilegedGroup: false,
      grants: [],
      nodeAuthorizer: fromNode.evidence,
    };
  }
  const rbac = authorizer.authorize(user, request);
  if (rbac.allowed || fromNode === undefined || fromNode.reason === "") return rbac;
  return {
    ...rbac,
    reason: rbac.reason === "" ? fromNode.reason : `${fromNode.reason}\n${rbac.reason}`,
  };
}
