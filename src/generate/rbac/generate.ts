import { buildRbacEngine, type RbacEngine } from "../../engines/rbac/index.ts";
import type { Grant, Request, UserInfo } from "../../engines/rbac/types.ts";
import { formatGrant } from "../../engines/rbac/review.ts";
import { buildInventory } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import type { ObservedRequest } from "./requests.ts";
import { requestKey } from "./requests.ts";
import { broadenedKey, proveRbac, type RbacProof } from "./proof.ts";
import { rolesFor, type Broadening } from "./roles.ts";

export interface GenerateRbacInput {
  readonly requests: readonly ObservedRequest[];
  /** Usernames to generate for (`system:serviceaccount:ns:name` for a ServiceAccount). */
  readonly users: readonly string[];
  readonly maxResourceNames?: number;
  /** The RBAC in force, to report what it grants that was never used. */
  readonly existing?: RbacEngine;
}

export interface UnusedGrant {
  readonly user: string;
  readonly grant: string;
}

export interface GenerateRbacResult {
  readonly objects: readonly KubeObject[];
  readonly proof: RbacProof;
  readonly broadenings: readonly Broadening[];
  /** Per user: requests allowed, and denied ones (never granted), in the window. */
  readonly counts: Readonly<Record<string, { allowed: number; denied: number }>>;
  readonly unused: readonly UnusedGrant[];
  readonly missingUsers: readonly string[];
}

export function generateRbac(input: GenerateRbacInput): GenerateRbacResult {
  const wanted = new Set(input.users);
  const users = new Map<
    string,
    { user: UserInfo; requests: Request[]; seen: Set<string>; denied: number }
  >();
  for (const observed of input.requests) {
    if (!wanted.has(observed.username)) continue;
    let entry = users.get(observed.username);
    if (entry === undefined) {
      entry = {
        user: { name: observed.username, groups: observed.groups },
        requests: [],
        seen: new Set(),
        denied: 0,
      };
      users.set(observed.username, entry);
    }
    if (!observed.allowed) {
      entry.denied++;
      continue;
    }
    const key = requestKey(observed.request);
    if (entry.seen.has(key)) continue;
    entry.seen.add(key);
    entry.requests.push(observed.request);
  }
  const objects: KubeObject[] = [];
  const broadenings: Broadening[] = [];
  const counts: Record<string, { allowed: number; denied: number }> = {};
  for (const username of [...users.keys()].sort()) {
    const entry = users.get(username);
    if (entry === undefined) continue;
    counts[username] = { allowed: entry.requests.length, denied: entry.denied };
    const roles = rolesFor(username, entry.requests, {
      maxResourceNames: input.maxResourceNames ?? 10,
    });
    objects.push(...roles.objects);
    broadenings.push(...roles.broadenings);
  }
  const generated = buildInventory(
    objects.map((object) => ({ object, location: { file: "<generated>" } })),
  );
  const broadened = new Set(
    broadenings.map((b) => {
      const [resource = "", subresource = ""] = b.resource.split("/");
      const namespace = b.scope === "cluster" ? "" : b.scope;
      return broadenedKey(b.user, {
        namespace,
        verb: b.verb,
        apiGroup: b.apiGroup,
        resource,
        subresource,
      });
    }),
  );
  const proof = proveRbac({ engine: buildRbacEngine(generated.inventory), users, broadened });
  return {
    objects,
    proof,
    broadenings,
    counts,
    unused: input.existing === undefined ? [] : unusedGrants(input.existing, users),
    missingUsers: input.users.filter((user) => !users.has(user)),
  };
}

/** Rules the RBAC in force grants a user that no request of the window needed. */
function unusedGrants(
  engine: RbacEngine,
  users: ReadonlyMap<string, { user: UserInfo; requests: readonly Request[] }>,
): UnusedGrant[] {
  const key = (grant: Grant): string =>
    `${grant.binding.kind}/${grant.binding.namespace ?? ""}/${grant.binding.name}|${grant.role.kind}/${grant.role.namespace ?? ""}/${grant.role.name}|${grant.ruleIndex}`;
  const out: UnusedGrant[] = [];
  for (const [username, { user, requests }] of users) {
    const used = new Set(requests.flatMap((request) => engine.can(user, request).grants.map(key)));
    const granted = engine.whatCan(user);
    const all = [...granted.cluster, ...Object.values(granted.namespaces).flat()];
    const reported = new Set<string>();
    for (const grant of all) {
      const k = key(grant);
      if (used.has(k) || reported.has(k) || grant.bootstrap) continue;
      reported.add(k);
      out.push({ user: username, grant: formatGrant(grant) });
    }
  }
  return out;
}
