import type { JsonObject } from "../../../model/fields.ts";
import type { NodeGraph } from "../node-graph.ts";
import type { PathFinding, PathStep } from "./types.ts";

const NODE_COMPROMISE = "node-compromise:";

/**
 * The step after a node falls: its kubelet credentials (`system:node:<name>`) let the Node
 * authorizer hand out exactly the Secrets the pods bound to it reference. `any-schedulable`
 * and `all` reach every node (a pod's spec.nodeName picks its node), so every such Secret.
 */
export function nodeSecretsStep(graph: NodeGraph, impact: string): PathStep | undefined {
  if (!impact.startsWith(NODE_COMPROMISE)) return undefined;
  const target = impact.slice(NODE_COMPROMISE.length);
  const nodes =
    target === "all" || target === "any-schedulable"
      ? graph.nodes
      : graph.nodes.filter((node) => node === target);
  const grants: JsonObject[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    for (const secret of graph.objectsOf(node, "secret")) {
      const key = `${secret.namespace}/${secret.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      grants.push({
        authorizer: "Node",
        node,
        secret: { namespace: secret.namespace, name: secret.name },
        ...(secret.pod === undefined ? {} : { pod: secret.pod }),
        ...(secret.via.length === 0 ? {} : { via: secret.via }),
      });
    }
  }
  if (grants.length === 0) return undefined;
  const names = [...seen];
  const shown =
    names.slice(0, 5).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");
  const who = nodes.length === 1 ? `node ${nodes[0] ?? ""}` : `${nodes.length} nodes`;
  return {
    technique: "read-secrets",
    action: `use the kubelet credentials of ${who} (system:node:<name>): the Node authorizer lets them get the ${names.length} Secret(s) their pods reference: ${shown}`,
    grants,
  };
}

/** Appends the node's Secrets to every node-compromise finding (one step object per impact). */
export function withNodeSecrets(
  graph: NodeGraph | undefined,
  findings: readonly PathFinding[],
): PathFinding[] {
  if (graph === undefined || graph.nodes.length === 0) return [...findings];
  const steps = new Map<string, PathStep | undefined>();
  return findings.map((finding) => {
    if (!finding.impact.startsWith(NODE_COMPROMISE)) return finding;
    if (!steps.has(finding.impact))
      steps.set(finding.impact, nodeSecretsStep(graph, finding.impact));
    const step = steps.get(finding.impact);
    if (step === undefined) return finding;
    return {
      ...finding,
      techniques: finding.techniques.includes("read-secrets")
        ? finding.techniques
        : [...finding.techniques, "read-secrets"],
      path: [...finding.path, step],
    };
  });
}
