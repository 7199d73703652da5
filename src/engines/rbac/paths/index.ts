import type { Inventory } from "../../../model/inventory.ts";
import { severityRank } from "../../../model/check-meta.ts";
import type { RbacAuthorizer } from "../authorizer.ts";
import type { NodeGraph } from "../node-graph.ts";
import { analyzePaths } from "./analyze.ts";
import { clusterFacts } from "./facts.ts";
import { hygieneFindings } from "./hygiene.ts";
import { withNodeSecrets } from "./node-secrets.ts";
import { impactRank, type PathFinding } from "./types.ts";

export type * from "./types.ts";
export { TECHNIQUES, FINDING_TYPES } from "./types.ts";

/** Every escalation, lateral-movement and hygiene finding, most severe first, deterministic. */
export function escalationPaths(
  authorizer: RbacAuthorizer,
  inventory: Inventory,
  nodeGraph?: NodeGraph,
): PathFinding[] {
  const facts = clusterFacts(inventory, authorizer.bindings);
  const findings = [
    ...withNodeSecrets(nodeGraph, analyzePaths(authorizer, facts)),
    ...hygieneFindings(authorizer, facts),
  ];
  const keyed = findings.map((finding) => ({
    finding,
    rank: impactRank(finding.impact),
    severity: severityRank(finding.severity),
    label: `${finding.type}\u0000${finding.subject.kind}\u0000${finding.subject.namespace ?? ""}\u0000${finding.subject.name}\u0000${finding.impact}`,
  }));
  keyed.sort(
    (a, b) =>
      a.severity - b.severity ||
      b.rank - a.rank ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
  return keyed.map(({ finding }) => finding);
}
