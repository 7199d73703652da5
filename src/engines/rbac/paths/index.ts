import type { Inventory } from "../../../model/inventory.ts";
import { severityRank } from "../../../model/check-meta.ts";
import type { RbacAuthorizer } from "../authorizer.ts";
import { analyzePaths } from "./analyze.ts";
import { clusterFacts } from "./facts.ts";
import { hygieneFindings } from "./hygiene.ts";
import { impactRank, type PathFinding } from "./types.ts";

export type * from "./types.ts";
export { TECHNIQUES, FINDING_TYPES } from "./types.ts";

/** Every escalation, lateral-movement and hygiene finding, most severe first, deterministic. */
export function escalationPaths(authorizer: RbacAuthorizer, inventory: Inventory): PathFinding[] {
  const facts = clusterFacts(inventory, authorizer.bindings);
  const findings = [...analyzePaths(authorizer, facts), ...hygieneFindings(authorizer, facts)];
  const label = (f: PathFinding) =>
    `${f.type}\u0000${f.subject.kind}\u0000${f.subject.namespace ?? ""}\u0000${f.subject.name}\u0000${f.impact}`;
  return findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      impactRank(b.impact) - impactRank(a.impact) ||
      (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0),
  );
}
