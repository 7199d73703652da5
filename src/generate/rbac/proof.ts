import type { RbacEngine } from "../../engines/rbac/index.ts";
import type { Request, UserInfo } from "../../engines/rbac/types.ts";
import { describeRequest, requestKey } from "./requests.ts";

export interface RbacProofEntry {
  readonly user: string;
  readonly request: string;
}

export interface RbacProof {
  /** Observed requests reviewed against the generated objects alone. */
  readonly checked: number;
  /** Observed requests the generated objects do not allow: each one is an error. */
  readonly failures: readonly RbacProofEntry[];
  /** Near misses reviewed (another verb, name, namespace or subresource nobody used). */
  readonly nearMisses: number;
  /** Near misses the generated objects allow: each one is an error too. */
  readonly nearMissesAllowed: readonly RbacProofEntry[];
  /** Near misses allowed because a rule names no object where requests did (see broadenings). */
  readonly nearMissesBroadened: readonly RbacProofEntry[];
}

/** A user's verb on a resource in a scope whose rule was widened to every name. */
export function broadenedKey(
  username: string,
  request: {
    namespace: string;
    verb: string;
    apiGroup: string;
    resource: string;
    subresource: string;
  },
): string {
  return `${username}|${request.namespace}|${request.verb}|${request.apiGroup}|${request.resource}|${request.subresource}`;
}

const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

/** Requests one step from an observed one that nobody made: these must stay denied. */
export function nearMisses(request: Request, namedInRule: boolean): Request[] {
  if (request.kind === "nonResource") {
    return [
      { ...request, verb: request.verb === "get" ? "post" : "get" },
      { ...request, path: `${request.path.replace(/\/$/, "")}/tenet-near-miss` },
    ];
  }
  // get, update, patch and delete name an object; the collection verbs name none.
  const named = new Set(["get", "update", "patch", "delete"]);
  const out: Request[] = VERBS.filter((verb) => verb !== request.verb).map((verb) => ({
    ...request,
    verb,
    name: named.has(verb) ? request.name || "tenet-near-miss" : "",
  }));
  if (namedInRule) out.push({ ...request, name: `${request.name}-tenet-near-miss` });
  out.push({
    ...request,
    namespace:
      request.namespace === "" ? "tenet-near-miss" : `${request.namespace}-tenet-near-miss`,
  });
  out.push({ ...request, subresource: request.subresource === "" ? "status" : "" });
  return out;
}

export interface RbacProofInput {
  /** An engine over the generated objects only (no bootstrap policy, no existing grants). */
  readonly engine: RbacEngine;
  readonly users: ReadonlyMap<string, { user: UserInfo; requests: readonly Request[] }>;
  /** broadenedKey()s of the rules widened to every name. */
  readonly broadened: ReadonlySet<string>;
}

export function proveRbac(input: RbacProofInput): RbacProof {
  const failures: RbacProofEntry[] = [];
  const allowedMisses: RbacProofEntry[] = [];
  let checked = 0;
  const broadened: RbacProofEntry[] = [];
  let misses = 0;
  for (const [username, { user, requests }] of input.users) {
    const observed = new Set(requests.map(requestKey));
    const tried = new Set<string>();
    for (const request of requests) {
      checked++;
      const decision = input.engine.can(user, request);
      if (!decision.allowed) failures.push({ user: username, request: describeRequest(request) });
      // Another name is a near miss of every named request, unless a reported widening dropped
      // the names (asked of the request, not of the rules, so a silent widening shows).
      const named =
        request.kind === "resource" &&
        request.name !== "" &&
        !input.broadened.has(broadenedKey(username, request));
      for (const miss of nearMisses(request, named)) {
        const key = requestKey(miss);
        if (observed.has(key) || tried.has(key)) continue;
        // An observed request naming no object covers every name of its verb.
        if (miss.kind === "resource" && observed.has(requestKey({ ...miss, name: "" }))) continue;
        tried.add(key);
        // An all-namespace request is allowed in every namespace too: not a near miss of it.
        if (
          miss.kind === "resource" &&
          miss.namespace !== "" &&
          requests.some(
            (r) =>
              r.kind === "resource" &&
              r.namespace === "" &&
              coversEveryNamespace(r, miss, input.broadened.has(broadenedKey(username, r))),
          )
        )
          continue;
        misses++;
        if (!input.engine.can(user, miss).allowed) continue;
        const entry = { user: username, request: describeRequest(miss) };
        if (miss.kind === "resource" && input.broadened.has(broadenedKey(username, miss)))
          broadened.push(entry);
        else allowedMisses.push(entry);
      }
    }
  }
  return {
    checked,
    failures,
    nearMisses: misses,
    nearMissesAllowed: allowedMisses,
    nearMissesBroadened: broadened,
  };
}

/**
 * A cluster-wide request is granted through a ClusterRoleBinding, which holds in every namespace:
 * the same request in a namespace is no near miss of it (for its name, or any name when the rule
 * names none).
 */
function coversEveryNamespace(
  cluster: Request & { kind: "resource" },
  miss: Request & { kind: "resource" },
  isWidened: boolean,
): boolean {
  return (
    cluster.verb === miss.verb &&
    cluster.apiGroup === miss.apiGroup &&
    cluster.resource === miss.resource &&
    cluster.subresource === miss.subresource &&
    (cluster.name === miss.name || cluster.name === "" || isWidened)
  );
}
