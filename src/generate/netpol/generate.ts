import { buildNetpolEngine, type NetpolOptions } from "../../engines/netpol/engine.ts";
import type { Diagnostic } from "../../model/diagnostic.ts";
import { buildInventory, type LoadedObject } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import type { FlowRejection, ObservedFlow } from "../../sources/flows/flow.ts";
import type { DeclaredIntent } from "../../sources/flows/intents.ts";
import { flowEdges, ingressEdges, intentEdges, type Edge, type EdgeContext } from "./edges.ts";
import { groupWorkloads } from "./identity.ts";
import { calicoPolicies } from "./calico.ts";
import { ciliumPolicies } from "./cilium.ts";
import { istioPolicies } from "./istio.ts";
import { kubernetesPolicies } from "./kubernetes.ts";
import { compare, planNamespaces, type DnsTarget, type NamespacePlan } from "./plan.ts";
import { proveNetpol, type NetpolProof } from "./proof.ts";

export const NETPOL_TARGETS = ["kubernetes", "cilium", "calico", "istio"] as const;
export type NetpolTarget = (typeof NETPOL_TARGETS)[number];

export interface PodsRef {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

export const DEFAULT_DNS: PodsRef = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };
export const DEFAULT_INGRESS_CONTROLLER: PodsRef = {
  namespace: "ingress-nginx",
  labels: { "app.kubernetes.io/name": "ingress-nginx" },
};

export interface GenerateNetpolInput {
  /** The manifests (or live objects): pods, Services, Ingresses and the policies in force. */
  readonly existing: readonly LoadedObject[];
  readonly flows: readonly ObservedFlow[];
  readonly intents: readonly DeclaredIntent[];
  readonly target: NetpolTarget;
  /** Only these namespaces get policies; default every namespace a connection touches. */
  readonly namespaces?: readonly string[];
  /** Never given policies (default kube-system): its pods serve the cluster. */
  readonly excludeNamespaces?: readonly string[];
  readonly dns?: PodsRef;
  /** Whose pods reach Ingress backends; absent: the Ingress objects are not read. */
  readonly ingressController?: PodsRef;
  readonly engineOptions?: NetpolOptions;
  /** Istio's trust domain for principals (default cluster.local). */
  readonly trustDomain?: string;
}

export interface GenerateNetpolResult {
  readonly objects: readonly KubeObject[];
  readonly plans: readonly NamespacePlan[];
  readonly edges: readonly Edge[];
  readonly rejected: readonly FlowRejection[];
  readonly proof: NetpolProof;
  /** Workloads whose selector also selects another workload (no stable label tells them apart). */
  readonly notes: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Plans per namespace, renders for the target, then proves the result with the engine. */
export function generateNetpol(input: GenerateNetpolInput): GenerateNetpolResult {
  const { inventory, diagnostics } = buildInventory(input.existing);
  // Cilium's ipBlocks never match pods: the engine judges with the target's semantics.
  const engineOptions: NetpolOptions =
    input.engineOptions ?? (input.target === "cilium" ? { ipBlockMatchesPodIps: false } : {});
  const engine = buildNetpolEngine(inventory, engineOptions);
  const groups = groupWorkloads(engine);
  const context: EdgeContext = { engine, inventory, groups };
  const fromFlows = flowEdges(context, input.flows);
  const fromIntents = intentEdges(context, input.intents);
  const fromIngress =
    input.ingressController === undefined
      ? { edges: [], rejected: [] }
      : ingressEdges(context, input.ingressController);
  const edges = [...fromFlows.edges, ...fromIntents.edges, ...fromIngress.edges];
  const excluded = new Set(input.excludeNamespaces ?? ["kube-system"]);
  const touched = edges.flatMap((edge) =>
    [edge.src, edge.dst].flatMap((peer) => (peer.kind === "group" ? [peer.group.namespace] : [])),
  );
  const scope = new Set(
    (input.namespaces ?? touched).filter((namespace) => !excluded.has(namespace)).sort(compare),
  );
  const dns: DnsTarget = input.dns ?? DEFAULT_DNS;
  const plans = planNamespaces(edges, scope, dns);
  const objects = plans.flatMap((plan) => {
    switch (input.target) {
      case "kubernetes":
        return kubernetesPolicies(plan);
      case "cilium":
        return ciliumPolicies(plan);
      case "calico":
        return calicoPolicies(plan);
      case "istio":
        return istioPolicies(
          plan,
          input.trustDomain ?? "cluster.local",
          (namespace, labels) =>
            groups.groups.find(
              (group) =>
                group.namespace === namespace &&
                Object.entries(labels).every(([k, v]) => group.labels[k] === v),
            )?.serviceAccount,
        );
    }
  });
  const generated = objects.map((object) => ({ object, location: { file: "<generated>" } }));
  const after = buildNetpolEngine(
    buildInventory([...input.existing, ...generated]).inventory,
    engineOptions,
  );
  const uncheckable = (edge: Edge): string | undefined =>
    input.target === "istio"
      ? "the network engine does not evaluate Istio AuthorizationPolicy (L7, by identity)"
      : input.target === "cilium" && edge.dst.kind === "cidr" && edge.dnsNames.length > 0
        ? "toFQDNs: the addresses are learnt from DNS at run time"
        : undefined;
  // Istio objects change no L3/L4 reachability the engine could diff.
  const proof = proveNetpol({
    before: engine,
    after,
    groups,
    edges,
    scope: input.target === "istio" ? new Set<string>() : scope,
    dns,
    uncheckable,
  });
  const notes = plans.flatMap((plan) =>
    plan.workloads
      .filter((workload) => !workload.group.isExact)
      .map(
        (workload) =>
          `${plan.namespace}/${workload.group.name}: no stable labels tell it apart from another workload; its selector selects both`,
      ),
  );
  return {
    objects,
    plans,
    edges,
    rejected: [...fromFlows.rejected, ...fromIntents.rejected, ...fromIngress.rejected],
    proof,
    notes,
    diagnostics: [...diagnostics, ...engine.diagnostics],
  };
}
