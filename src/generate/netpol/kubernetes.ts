import type { KubeObject } from "../../model/kube-object.ts";
import type { EdgePeer } from "./edges.ts";
import type { NamespacePlan } from "./plan.ts";

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** `networking.k8s.io/v1` NetworkPolicies for one namespace: default deny, DNS, then per workload. */
export function kubernetesPolicies(plan: NamespacePlan): KubeObject[] {
  const metadata = (name: string) => ({
    name,
    namespace: plan.namespace,
    labels: { "app.kubernetes.io/managed-by": "tenet" },
  });
  const objects: KubeObject[] = [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: metadata("tenet-default-deny"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    },
  ];
  if (plan.dns !== undefined) {
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: metadata("tenet-allow-dns"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              peerOf(plan.namespace, {
                kind: "pods",
                namespace: plan.dns.namespace,
                labels: plan.dns.labels,
              }),
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    });
  }
  for (const workload of plan.workloads) {
    const rules = (direction: "ingress" | "egress") =>
      workload[direction].map((rule) => ({
        [direction === "ingress" ? "from" : "to"]: [peerOf(plan.namespace, rule.peer)],
        ports: rule.ports.map((p) => ({ protocol: p.protocol, port: p.port })),
      }));
    const types = [
      ...(workload.ingress.length > 0 ? ["Ingress"] : []),
      ...(workload.egress.length > 0 ? ["Egress"] : []),
    ];
    if (types.length === 0) continue;
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: metadata(workload.policyName),
      spec: {
        podSelector: { matchLabels: workload.group.selector },
        policyTypes: types,
        ...(workload.ingress.length > 0 ? { ingress: rules("ingress") } : {}),
        ...(workload.egress.length > 0 ? { egress: rules("egress") } : {}),
      },
    });
  }
  return objects;
}

function peerOf(namespace: string, peer: EdgePeer): Record<string, unknown> {
  switch (peer.kind) {
    case "cidr":
      return { ipBlock: { cidr: peer.cidr } };
    case "group":
    case "pods": {
      const peerNamespace = peer.kind === "group" ? peer.group.namespace : peer.namespace;
      const labels = peer.kind === "group" ? peer.group.selector : peer.labels;
      return {
        ...(peerNamespace === namespace
          ? {}
          : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peerNamespace } } }),
        podSelector: { matchLabels: labels },
      };
    }
  }
}
