import type { KubeObject } from "../../model/kube-object.ts";
import type { NamespacePlan, PlannedRule } from "./plan.ts";

/**
 * Istio: mTLS required (`PeerAuthentication` STRICT) and, per namespace, an allow-nothing
 * `AuthorizationPolicy` plus one ALLOW policy per workload naming its callers by ServiceAccount
 * principal. Istio authorizes inbound requests only: egress stays with the mesh's egress
 * controls, and callers outside the mesh (addresses) are named by ipBlocks.
 */
export function istioPolicies(
  plan: NamespacePlan,
  trustDomain: string,
  accountOf: (namespace: string, labels: Readonly<Record<string, string>>) => string | undefined,
): KubeObject[] {
  const metadata = (name: string) => ({
    name,
    namespace: plan.namespace,
    labels: { "app.kubernetes.io/managed-by": "tenet" },
  });
  const objects: KubeObject[] = [
    {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: metadata("tenet-strict-mtls"),
      spec: { mtls: { mode: "STRICT" } },
    },
    // An ALLOW-less policy with an empty spec denies every request to the namespace's workloads.
    {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: metadata("tenet-allow-nothing"),
      spec: {},
    },
  ];
  for (const workload of plan.workloads) {
    if (workload.ingress.length === 0) continue;
    const rules = workload.ingress.flatMap((rule) => ruleOf(rule, trustDomain, accountOf));
    if (rules.length === 0) continue;
    objects.push({
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: metadata(workload.policyName),
      spec: { selector: { matchLabels: workload.group.selector }, action: "ALLOW", rules },
    });
  }
  return objects;
}

function ruleOf(
  rule: PlannedRule,
  trustDomain: string,
  accountOf: (namespace: string, labels: Readonly<Record<string, string>>) => string | undefined,
): Record<string, unknown>[] {
  const to = [
    {
      operation: {
        ports: rule.ports.filter((p) => p.protocol === "TCP").map((p) => String(p.port)),
      },
    },
  ];
  const peer = rule.peer;
  if (peer.kind === "cidr") return [{ from: [{ source: { ipBlocks: [peer.cidr] } }], to }];
  const namespace = peer.kind === "group" ? peer.group.namespace : peer.namespace;
  const account =
    peer.kind === "group" ? peer.group.serviceAccount : accountOf(peer.namespace, peer.labels);
  // Without a known ServiceAccount the caller's namespace is the narrowest identity left.
  const source =
    account === undefined
      ? { namespaces: [namespace] }
      : { principals: [`${trustDomain}/ns/${namespace}/sa/${account}`] };
  return [{ from: [{ source }], to }];
}
