import type { Diagnostic } from "../../model/diagnostic.ts";
import type { Inventory } from "../../model/inventory.ts";
import { compileAdminPolicies, type AdminPolicy } from "./admin-policies.ts";
import { classMaps } from "./class-maps.ts";
import { buildClasses, type ClassIndex } from "./classes.ts";
import { calicoApplies, calicoRuleConns, compileCalicoPolicies } from "./calico.ts";
import { ciliumPeerMatches, ciliumSelects, compileCiliumPolicies } from "./cilium.ts";
import { applyTiers, type TierContext, type TierDecision } from "./tiers.ts";
import { compileNetworkPolicies } from "./compile-network-policy.ts";
import {
  ALL_CONNS,
  hasConn,
  intersectConns,
  isEmptyConns,
  NO_CONNS,
  subtractConns,
  unionConns,
  type ConnSet,
  type Protocol,
} from "./conn-set.ts";
import { ruleMatchesPeer, rulePorts, type MatchContext } from "./direct.ts";
import { namespaceLabelsOf, nodeEndpointsOf, podEndpointsOf } from "./endpoints.ts";
import { parseIp, type IpAddress } from "./ip.ts";
import { buildReachMatrix, type ReachMatrix } from "./reach-matrix.ts";
import { serviceTargets, type ServiceTargets } from "./services.ts";
import {
  endpointName,
  type CompiledNetworkPolicy,
  type Direction,
  type Endpoint,
  type NodeEndpoint,
  type PodEndpoint,
} from "./model.ts";

export interface NetpolOptions {
  /** Whether ipBlock peers match pod IPs; default true (upstream conformance), false for Cilium. */
  readonly ipBlockMatchesPodIps?: boolean;
}

/** A rule that matches the peer, with the connections it allows. */
export interface RuleMatch {
  readonly policy: string;
  readonly direction: Direction;
  readonly rule: number;
  readonly conns: ConnSet;
  /** A deny rule (Cilium's take connections away whatever allows them). */
  readonly deny?: boolean;
  /** Calico's rule action, when the rule is Calico's. */
  readonly action?: string;
}

/** One side of a connection: the source's egress or the destination's ingress. */
export interface DirectionVerdict {
  readonly direction: Direction;
  /** The endpoint whose policies decide this side. */
  readonly subject: string;
  /** False when no policy selects the subject for this direction: everything is allowed. */
  readonly isolated: boolean;
  /** The policies (`ns/name`) that select the subject for this direction. */
  readonly policies: readonly string[];
  /** The rules whose peers match the other side, whatever their ports. */
  readonly matches: readonly RuleMatch[];
  /** Everything this side allows towards/from the other side, all tiers applied. */
  readonly conns: ConnSet;
  /** Admin-tier rules that decided connections, in evaluation order (first match wins). */
  readonly admin: readonly TierDecision[];
  /** Baseline-tier rules that decided connections, when NetworkPolicy left the subject open. */
  readonly baseline: readonly TierDecision[];
}

export type VerdictReason = "self" | "node-local" | "policies";

export interface Verdict {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly allowed: boolean;
  readonly reason: VerdictReason;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
}

export interface NetpolEngine {
  readonly pods: readonly PodEndpoint[];
  readonly nodes: readonly NodeEndpoint[];
  readonly policies: readonly CompiledNetworkPolicy[];
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy, in order. */
  readonly adminPolicies: readonly AdminPolicy[];
  readonly diagnostics: readonly Diagnostic[];
  readonly classIndex: ClassIndex;
  findPod(namespace: string, name: string): PodEndpoint | undefined;
  findNode(name: string): NodeEndpoint | undefined;
  /** A pod or node that owns the address, else the bare address; undefined if it is not an IP. */
  endpointForIp(text: string): Endpoint | undefined;
  /** The pods a policy selects (its subjects), by policy id. */
  selectedPods(policyId: number): readonly PodEndpoint[];
  /** The policies that select a pod and isolate it for a direction. */
  policiesFor(pod: PodEndpoint, direction: Direction): readonly CompiledNetworkPolicy[];
  /** Whether a pod is isolated for a direction (some policy selects it for it). */
  isIsolated(pod: PodEndpoint, direction: Direction): boolean;
  canReach(from: Endpoint, to: Endpoint, port: number, protocol: Protocol): Verdict;
  /** Every connection allowed from one endpoint to another. */
  allowedConns(from: Endpoint, to: Endpoint): ConnSet;
  /** The backends of a Service port after DNAT, each with its resolved targetPort. */
  serviceTargets(namespace: string, name: string, port: number, protocol: Protocol): ServiceTargets;
  /** Class-level answer (fast path of the matrix). */
  classConns(fromClass: number, toClass: number): ConnSet;
  /** What one class may open towards every class, indexed by class id. */
  classRow(fromClass: number): readonly ConnSet[];
  /** Which class reaches which, as bits (built on first call, then kept). */
  reachMatrix(): ReachMatrix;
}

export function buildNetpolEngine(inventory: Inventory, options: NetpolOptions = {}): NetpolEngine {
  const compiled = compileNetworkPolicies(inventory.ofKind("NetworkPolicy", "networking.k8s.io"));
  const pods = podEndpointsOf(inventory);
  const nodes = nodeEndpointsOf(inventory);
  const context: MatchContext = {
    namespaceLabels: namespaceLabelsOf(inventory),
    ipBlockMatchesPodIps: options.ipBlockMatchesPodIps ?? true,
  };
  const admin = compileAdminPolicies(inventory);
  const cilium = compileCiliumPolicies(inventory);
  const calico = compileCalicoPolicies(inventory);
  const hasOtherKinds = admin.policies.length + cilium.policies.length + calico.policies.length > 0;
  const index = buildClasses(pods, compiled.policies, context, hasOtherKinds);
  // Built on the first lookup: a scan never looks pods up by name.
  let podByName: ReadonlyMap<string, PodEndpoint> | undefined;
  const nodeByName = new Map(nodes.map((node) => [node.name, node]));
  const tierContext: TierContext = { ...context, nodesByName: nodeByName };

  const policyName = (id: number): string => {
    const policy = compiled.policies[id];
    return policy === undefined ? `#${id}` : `${policy.namespace}/${policy.name}`;
  };
  const policyIdsOf = (endpoint: Endpoint, direction: Direction): readonly number[] => {
    if (endpoint.kind !== "pod" || endpoint.hostNetwork) return [];
    return index.classes[index.classOf[endpoint.index] ?? -1]?.[direction] ?? [];
  };

  const side = (
    direction: Direction,
    subject: Endpoint,
    peer: Endpoint,
    destination: Endpoint,
  ): DirectionVerdict => {
    const ids = policyIdsOf(subject, direction);
    const matches: RuleMatch[] = [];
    let conns = ids.length === 0 ? ALL_CONNS : NO_CONNS;
    for (const id of ids) {
      const policy = compiled.policies[id];
      for (const rule of policy?.[direction] ?? []) {
        if (policy === undefined || !ruleMatchesPeer(context, rule, policy.namespace, peer))
          continue;
        const ruleConns = rulePorts(rule, destination);
        matches.push({ policy: policyName(id), direction, rule: rule.index, conns: ruleConns });
        conns = unionConns(conns, ruleConns);
      }
    }
    let names = ids.map(policyName);
    let isolated = ids.length > 0;
    const calicoApplying = calico.policies.filter((policy) =>
      calicoApplies(context, policy, direction, subject),
    );
    if (calicoApplying.length > 0) {
      // Calico orders every policy of the tier, Kubernetes ones at order 1000; the first
      // matching rule decides, and an applied policy with no match denies.
      const ordered = [
        ...calicoApplying.map((policy) => ({
          order: policy.order,
          label: policy.label,
          calico: policy,
          id: -1,
        })),
        ...ids.map((id) => ({ order: 1000, label: policyName(id), calico: undefined, id })),
      ].sort((a, b) => a.order - b.order || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
      const source = direction === "ingress" ? peer : subject;
      let undecided = ALL_CONNS;
      let allowed = NO_CONNS;
      matches.length = 0;
      for (const entry of ordered) {
        const decide = (rule: number, ruleConns: ConnSet, action: string): void => {
          const decided = intersectConns(ruleConns, undecided);
          if (isEmptyConns(decided)) return;
          matches.push({
            policy: entry.label,
            direction,
            rule,
            conns: decided,
            action,
            ...(action === "Deny" ? { deny: true } : {}),
          });
          if (action !== "Deny") allowed = unionConns(allowed, decided);
          undecided = subtractConns(undecided, decided);
        };
        if (entry.calico !== undefined) {
          for (const rule of entry.calico[direction]) {
            if (rule.action === "Log") continue;
            decide(
              rule.index,
              calicoRuleConns(context, entry.calico, rule, source, destination),
              rule.action,
            );
          }
        } else {
          const policy = compiled.policies[entry.id];
          for (const rule of policy?.[direction] ?? []) {
            if (policy === undefined || !ruleMatchesPeer(context, rule, policy.namespace, peer))
              continue;
            decide(rule.index, rulePorts(rule, destination), "Allow");
          }
        }
      }
      conns = allowed;
      isolated = true;
      names = ordered.map((entry) => entry.label);
    }
    const ciliumSelecting = cilium.policies.filter(
      (policy) => policy[direction] !== undefined && ciliumSelects(context, policy, subject),
    );
    if (ciliumSelecting.length > 0) {
      // NetworkPolicy and Cilium allows add up; Cilium denies win over both.
      let allow = isolated ? conns : NO_CONNS;
      let deny = NO_CONNS;
      for (const policy of ciliumSelecting) {
        names.push(policy.label);
        for (const rule of policy[direction] ?? []) {
          if (!rule.peers.some((p) => ciliumPeerMatches(context, p, peer))) continue;
          const ruleConns = rulePorts(
            { index: rule.index, peers: undefined, ports: rule.ports },
            destination,
          );
          matches.push({
            policy: policy.label,
            direction,
            rule: rule.index,
            conns: ruleConns,
            ...(rule.deny ? { deny: true } : {}),
          });
          if (rule.deny) deny = unionConns(deny, ruleConns);
          else allow = unionConns(allow, ruleConns);
        }
      }
      conns = subtractConns(allow, deny);
      isolated = true;
    }
    const tiers =
      admin.policies.length === 0
        ? { conns, admin: [], baseline: [] }
        : applyTiers(tierContext, admin.policies, direction, subject, peer, destination, {
            isolated,
            conns,
          });
    return {
      direction,
      subject: endpointName(subject),
      isolated,
      policies: names,
      matches,
      conns: tiers.conns,
      admin: tiers.admin,
      baseline: tiers.baseline,
    };
  };
  // With admin tiers or Cilium policies, classes no longer share maps by NetworkPolicy alone:
  // judge each class pair.
  const maps = classMaps(
    index,
    compiled.policies,
    context,
    !hasOtherKinds
      ? undefined
      : (direction, subject, other) =>
          direction === "egress"
            ? side("egress", subject, other, other).conns
            : side("ingress", subject, other, subject).conns,
  );

  let reach: ReachMatrix | undefined;

  const alwaysAllowed = (from: Endpoint, to: Endpoint): VerdictReason | undefined => {
    if (from.kind === "pod" && from === to && from.isBarePod) return "self";
    // The kubelet probes its pods from the node: policies never cut a node from its own pods.
    if (from.kind === "node" && to.kind === "pod" && to.nodeName === from.name) return "node-local";
    return undefined;
  };

  return {
    pods,
    nodes,
    policies: compiled.policies,
    adminPolicies: admin.policies,
    diagnostics: [
      ...compiled.diagnostics,
      ...admin.diagnostics,
      ...cilium.diagnostics,
      ...calico.diagnostics,
    ],
    classIndex: index,
    findPod: (namespace, name) => {
      podByName ??= new Map(pods.map((pod) => [`${pod.namespace}/${pod.name}`, pod]));
      return podByName.get(`${namespace}/${name}`);
    },
    findNode: (name) => nodeByName.get(name),
    endpointForIp: (text) => {
      const ip = parseIp(text);
      if (ip === undefined) return undefined;
      const same = (other: IpAddress): boolean => other.v6 === ip.v6 && other.value === ip.value;
      return (
        pods.find((pod) => !pod.hostNetwork && pod.ips.some(same)) ??
        nodes.find((node) => node.ips.some(same)) ?? { kind: "ip", ip, text }
      );
    },
    selectedPods: (policyId) =>
      (index.selected[policyId] ?? []).flatMap((classId) =>
        (index.classes[classId]?.members ?? []).flatMap((member) => pods[member] ?? []),
      ),
    isIsolated: (pod, direction) =>
      policyIdsOf(pod, direction).length > 0 ||
      cilium.policies.some(
        (policy) => policy[direction] !== undefined && ciliumSelects(context, policy, pod),
      ) ||
      calico.policies.some((policy) => calicoApplies(context, policy, direction, pod)),
    policiesFor: (pod, direction) =>
      policyIdsOf(pod, direction).flatMap((id) => compiled.policies[id] ?? []),
    canReach: (from, to, port, protocol) => {
      const reason = alwaysAllowed(from, to) ?? "policies";
      const egress = side("egress", from, to, to);
      const ingress = side("ingress", to, from, to);
      const allowed =
        reason !== "policies" ||
        (hasConn(egress.conns, protocol, port) && hasConn(ingress.conns, protocol, port));
      return {
        from: endpointName(from),
        to: endpointName(to),
        protocol,
        port,
        allowed,
        reason,
        egress,
        ingress,
      };
    },
    allowedConns: (from, to) => {
      if (alwaysAllowed(from, to) !== undefined) return ALL_CONNS;
      if (from.kind === "pod" && to.kind === "pod") {
        return maps.classConns(index.classOf[from.index] ?? 0, index.classOf[to.index] ?? 0);
      }
      const egress = side("egress", from, to, to).conns;
      return isEmptyConns(egress)
        ? NO_CONNS
        : intersectConns(egress, side("ingress", to, from, to).conns);
    },
    classConns: (fromClass, toClass) => maps.classConns(fromClass, toClass),
    classRow: (fromClass) => maps.row(fromClass),
    reachMatrix: () => {
      reach ??= buildReachMatrix(
        index,
        compiled.policies,
        context,
        hasOtherKinds ? (fromClass) => maps.row(fromClass) : undefined,
      );
      return reach;
    },
    serviceTargets: (namespace, name, port, protocol) =>
      serviceTargets(inventory, pods, { namespace, name }, port, protocol),
  };
}
