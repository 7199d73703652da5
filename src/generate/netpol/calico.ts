import type { KubeObject } from "../../model/kube-object.ts";
import type { EdgePeer } from "./edges.ts";
import type { NamespacePlan, PlannedRule } from "./plan.ts";

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * `projectcalico.org/v3` NetworkPolicies. In Calico's tier a policy that applies and matches
 * nothing denies, so the default deny is a policy with no rules; each allow rule names one
 * protocol, as Calico requires for ports.
 */
export function calicoPolicies(plan: NamespacePlan): KubeObject[] {
  const metadata = (name: string) => ({
    name,
    namespace: plan.namespace,
    labels: { "app.kubernetes.io/managed-by": "tenet" },
  });
  const objects: KubeObject[] = [
    {
      apiVersion: "projectcalico.org/v3",
      kind: "NetworkPolicy",
      metadata: metadata("tenet-default-deny"),
      spec: { selector: "all()", types: ["Ingress", "Egress"] },
    },
  ];
  if (plan.dns !== undefined) {
    const dns = plan.dns;
    objects.push({
      apiVersion: "projectcalico.org/v3",
      kind: "NetworkPolicy",
      metadata: metadata("tenet-allow-dns"),
      spec: {
        selector: "all()",
        types: ["Egress"],
        egress: (["UDP", "TCP"] as const).map((protocol) => ({
          action: "Allow",
          protocol,
          destination: {
            ...entity(plan.namespace, {
              kind: "pods",
              namespace: dns.namespace,
              labels: dns.labels,
            }),
            ports: [53],
          },
        })),
      },
    });
  }
  for (const workload of plan.workloads) {
    const types = [
      ...(workload.ingress.length > 0 ? ["Ingress"] : []),
      ...(workload.egress.length > 0 ? ["Egress"] : []),
    ];
    if (types.length === 0) continue;
    objects.push({
      apiVersion: "projectcalico.org/v3",
      kind: "NetworkPolicy",
      metadata: metadata(workload.policyName),
      spec: {
        selector: selector(workload.group.selector),
        types,
        ...(workload.ingress.length > 0
          ? { ingress: workload.ingress.flatMap((r) => rules(plan.namespace, r, "ingress")) }
          : {}),
        ...(workload.egress.length > 0
          ? { egress: workload.egress.flatMap((r) => rules(plan.namespace, r, "egress")) }
          : {}),
      },
    });
  }
  return objects;
}

function rules(
  namespace: string,
  planned: PlannedRule,
  direction: "ingress" | "egress",
): Record<string, unknown>[] {
  const protocols = [...new Set(planned.ports.map((p) => p.protocol))];
  return protocols.map((protocol) => {
    const ports = planned.ports.filter((p) => p.protocol === protocol).map((p) => p.port);
    const peer = entity(namespace, planned.peer);
    return direction === "ingress"
      ? { action: "Allow", protocol, source: peer, destination: { ports } }
      : { action: "Allow", protocol, destination: { ...peer, ports } };
  });
}

function entity(namespace: string, peer: EdgePeer): Record<string, unknown> {
  if (peer.kind === "cidr") return { nets: [peer.cidr] };
  const labels = peer.kind === "group" ? peer.group.selector : peer.labels;
  const peerNamespace = peer.kind === "group" ? peer.group.namespace : peer.namespace;
  return {
    selector: selector(labels),
    ...(peerNamespace === namespace
      ? {}
      : { namespaceSelector: `${NAMESPACE_NAME_LABEL} == '${peerNamespace}'` }),
  };
}

/** Calico's selector language: `key == 'value'` joined by `&&`. */
function selector(labels: Readonly<Record<string, string>>): string {
  const terms = Object.entries(labels).map(([k, v]) => `${k} == '${v}'`);
  return terms.length === 0 ? "all()" : terms.join(" && ");
}
