import type { Diagnostic } from "../../model/diagnostic.ts";
import type { Inventory } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { resolveAggregation } from "./aggregation.ts";
import { buildAuthorizer, type RbacAuthorizer } from "./authorizer.ts";
import { parseRbac, isRbacObject, type RbacSource } from "./parse.ts";
import type { Decision, Request, UserInfo } from "./types.ts";
import { whatCan, whoCan, type WhatCanAnswer, type WhoCanAnswer } from "./who-can.ts";
import { escalationPaths, type PathFinding } from "./paths/index.ts";

export type * from "./types.ts";
export type { WhatCanAnswer, WhoCanAnswer, GrantedSubject } from "./who-can.ts";
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
  can(user: UserInfo, request: Request): Decision;
  whoCan(request: Request): WhoCanAnswer;
  whatCan(user: UserInfo): WhatCanAnswer;
  /** Escalation, lateral-movement and hygiene findings (computed once, on first call). */
  escalationPaths(): readonly PathFinding[];
}

export interface RbacEngineOptions {
  /** Objects the apiserver creates itself (the bootstrap policy); scanned objects win. */
  readonly bootstrap?: readonly KubeObject[];
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
  let paths: readonly PathFinding[] | undefined;
  return {
    authorizer,
    inventory,
    diagnostics: parsed.diagnostics,
    can: (user, request) => authorizer.authorize(user, request),
    whoCan: (request) => whoCan(authorizer, request),
    whatCan: (user) => whatCan(authorizer, user),
    escalationPaths: () => (paths ??= escalationPaths(authorizer, inventory)),
  };
}
