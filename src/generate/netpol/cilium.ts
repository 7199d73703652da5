import type { KubeObject } from "../../model/kube-object.ts";
import type { EdgePeer } from "./edges.ts";
import type { NamespacePlan, PlannedRule } from "./plan.ts";

const NAMESPACE_KEY = "k8s:io.kubernetes.pod.namespace";

/**
 * `cilium.io/v2` CiliumNetworkPolicies: the same plan as the Kubernetes target, with `toFQDNs`
 * instead of the address where DNS names were observed (and DNS visibility on the cluster DNS
 * rule, which toFQDNs needs to learn the addresses).
 */
export function ciliumPolicies(plan: NamespacePlan): KubeObject[] {
  const metadata = (name: string) => ({
    name,
    namespace: plan.namespace,
    labels: { "app.kubernetes.io/managed-by": "tenet" },
  });
  const usesFqdn = plan.workloads.some((w) => w.egress.some((rule) => rule.dnsNames.length > 0));
  const objects: KubeObject[] = [
    {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: metadata("tenet-default-deny"),
      // An empty rule selects no peer: the endpoints are isolated, nothing is allowed.
      spec: { endpointSelector: {}, ingress: [{}], egress: [{}] },
    },
  ];
  if (plan.dns !== undefined) {
    const dnsPorts = [
      { port: "53", protocol: "UDP" },
      { port: "53", protocol: "TCP" },
    ];
    objects.push({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: metadata("tenet-allow-dns"),
      spec: {
        endpointSelector: {},
        egress: [
          {
            toEndpoints: [
              {
                matchLabels: { ...prefixed(plan.dns.labels), [NAMESPACE_KEY]: plan.dns.namespace },
              },
            ],
            toPorts: [
              { ports: dnsPorts, ...(usesFqdn ? { rules: { dns: [{ matchPattern: "*" }] } } : {}) },
            ],
          },
        ],
      },
    });
  }
  for (const workload of plan.workloads) {
    if (workload.ingress.length + workload.egress.length === 0) continue;
    objects.push({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: metadata(workload.policyName),
      spec: {
        endpointSelector: { matchLabels: prefixed(workload.group.selector) },
        ...(workload.ingress.length > 0
          ? { ingress: workload.ingress.map((r) => rule(plan.namespace, r, "from")) }
          : {}),
        ...(workload.egress.length > 0
          ? { egress: workload.egress.map((r) => rule(plan.namespace, r, "to")) }
          : {}),
      },
    });
  }
  return objects;
}

function rule(
  namespace: string,
  planned: PlannedRule,
  prefix: "from" | "to",
): Record<string, unknown> {
  const toPorts = [
    { ports: planned.ports.map((p) => ({ port: String(p.port), protocol: p.protocol })) },
  ];
  return { ...peer(namespace, planned.peer, prefix, planned.dnsNames), toPorts };
}

function peer(
  namespace: string,
  target: EdgePeer,
  prefix: "from" | "to",
  dnsNames: readonly string[],
): Record<string, unknown> {
  switch (target.kind) {
    case "cidr":
      return prefix === "to" && dnsNames.length > 0
        ? { toFQDNs: dnsNames.map((name) => ({ matchName: name })) }
        : { [`${prefix}CIDR`]: [target.cidr] };
    case "group":
    case "pods": {
      const labels = target.kind === "group" ? target.group.selector : target.labels;
      const peerNamespace = target.kind === "group" ? target.group.namespace : target.namespace;
      return {
        [`${prefix}Endpoints`]: [
          {
            matchLabels: {
              ...prefixed(labels),
              ...(peerNamespace === namespace ? {} : { [NAMESPACE_KEY]: peerNamespace }),
            },
          },
        ],
      };
    }
  }
}

/** Cilium reads `k8s:` keys as Kubernetes pod labels. */
function prefixed(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [`k8s:${k}`, v]));
}
