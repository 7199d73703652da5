import { matchesSelector, type LabelSelector } from "../label-selector.ts";
import { ipBlockAddresses, ipBlockMatches, type MatchContext } from "./direct.ts";
import type { CompiledNetworkPolicy, Peer, PodEndpoint } from "./model.ts";

/**
 * Pods that no policy can tell apart: same namespace, labels, named ports, host networking and
 * ipBlock matches. Every policy question is answered once per class and expanded for output.
 */
export interface PodClass {
  readonly id: number;
  readonly namespace: string;
  /** The first pod of the class: any member gives the same answers. */
  readonly representative: PodEndpoint;
  readonly members: number[];
  /** Ids of the policies that select the class and isolate each direction. */
  readonly ingress: number[];
  readonly egress: number[];
}

export interface ClassIndex {
  readonly classes: readonly PodClass[];
  /** Class id of each pod endpoint, by endpoint index. */
  readonly classOf: Int32Array;
  readonly byNamespace: ReadonlyMap<string, readonly PodClass[]>;
  /** The classes each policy selects, by policy id. */
  readonly selected: readonly (readonly number[])[];
}

export function buildClasses(
  pods: readonly PodEndpoint[],
  policies: readonly CompiledNetworkPolicy[],
  context: MatchContext,
  /**
   * Admin, Cilium and Calico policies match addresses (`networks`, CIDRs, `nets`) this index
   * does not know: then pods with different addresses must not share a class.
   */
  byAddress = false,
): ClassIndex {
  const blocks = distinctIpBlocks(policies);
  const classes: PodClass[] = [];
  const classOf = new Int32Array(pods.length);
  const byKey = new Map<string, PodClass>();
  const byNamespace = new Map<string, PodClass[]>();
  let previous: { pod: PodEndpoint; blocks: string; podClass: PodClass } | undefined;
  for (const pod of pods) {
    const matched = byAddress ? `=${pod.ipTexts.join(",")}` : blockMatches(pod, blocks, context);
    // Replicas usually come one after the other: the same shape as the previous pod is its
    // class, without building a key.
    let found =
      previous !== undefined && previous.blocks === matched && isSameShape(previous.pod, pod)
        ? previous.podClass
        : undefined;
    const key = found === undefined ? classKey(pod, matched) : "";
    found ??= byKey.get(key);
    if (found === undefined) {
      found = {
        id: classes.length,
        namespace: pod.namespace,
        representative: pod,
        members: [],
        ingress: [],
        egress: [],
      };
      byKey.set(key, found);
      classes.push(found);
      const list = byNamespace.get(pod.namespace);
      if (list === undefined) byNamespace.set(pod.namespace, [found]);
      else list.push(found);
    }
    found.members.push(pod.index);
    classOf[pod.index] = found.id;
    previous = { pod, blocks: matched, podClass: found };
  }
  const selected = policies.map((policy) => {
    const ids: number[] = [];
    const matches = selectorMatcher(policy.podSelector);
    for (const podClass of byNamespace.get(policy.namespace) ?? []) {
      // NetworkPolicy never selects hostNetwork pods: their traffic is the node's.
      if (podClass.representative.hostNetwork) continue;
      if (!matches(podClass.representative.labels)) continue;
      ids.push(podClass.id);
      if (policy.ingress !== undefined) podClass.ingress.push(policy.id);
      if (policy.egress !== undefined) podClass.egress.push(policy.id);
    }
    return ids;
  });
  return { classes, classOf, byNamespace, selected };
}

type IpBlockPeer = Extract<Peer, { kind: "ipBlock" }>;

function distinctIpBlocks(policies: readonly CompiledNetworkPolicy[]): IpBlockPeer[] {
  const seen = new Map<string, IpBlockPeer>();
  for (const policy of policies) {
    for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== "ipBlock") continue;
        const key = [peer.cidr.text, ...peer.except.map((cidr) => cidr.text)].join(" ");
        if (!seen.has(key)) seen.set(key, peer);
      }
    }
  }
  return [...seen.values()];
}

function classKey(pod: PodEndpoint, blocks: string): string {
  // NUL cannot occur in label keys, values or port names: a safe separator.
  // A hostNetwork pod is its node to admin `nodes` peers: its node joins the key.
  let key = `${pod.namespace}\u0000${pod.hostNetwork ? `1${pod.nodeName ?? ""}` : 0}`;
  const labels = sortedKeys(pod.labels);
  for (const label of labels) key += `\u0000${label}=${pod.labels[label] ?? ""}`;
  // The service account is an identity label to Cilium.
  key += `\u0001${pod.serviceAccount}\u0001`;
  for (const port of pod.namedPorts) key += `\u0000${port.name}/${port.protocol}/${port.port}`;
  return `${key}\u0001${blocks}`;
}

/** Which of the distinct ipBlocks match the pod's addresses, as their indexes. */
function blockMatches(
  pod: PodEndpoint,
  blocks: readonly IpBlockPeer[],
  context: MatchContext,
): string {
  // Pods with addresses and pods without stay apart, as the other policy kinds tell them apart.
  const addresses = ipBlockAddresses(context, pod);
  if (addresses.length === 0) return "";
  let matched = "-";
  for (const [index, block] of blocks.entries()) {
    if (ipBlockMatches(block, addresses)) matched += `${index},`;
  }
  return matched;
}

/** Whether two pods agree on everything the class key holds but the ipBlock matches. */
function isSameShape(a: PodEndpoint, b: PodEndpoint): boolean {
  if (a.namespace !== b.namespace || a.hostNetwork !== b.hostNetwork) return false;
  if (a.hostNetwork && a.nodeName !== b.nodeName) return false;
  // Port lists are shared between pods that declare the same ones (see endpoints.ts).
  if (a.serviceAccount !== b.serviceAccount || a.namedPorts !== b.namedPorts) return false;
  let count = 0;
  for (const key in a.labels) {
    if (!Object.hasOwn(b.labels, key) || a.labels[key] !== b.labels[key]) return false;
    count += 1;
  }
  return count === Object.keys(b.labels).length;
}

/** Label keys in order; manifests usually list them sorted already, which costs no sort. */
function sortedKeys(labels: Readonly<Record<string, string>>): readonly string[] {
  const keys = Object.keys(labels);
  for (let i = 1; i < keys.length; i += 1) {
    if ((keys[i - 1] ?? "") > (keys[i] ?? "")) return keys.sort();
  }
  return keys;
}

/**
 * `matchesSelector`, with the common selector (matchLabels only) checked from a cached entry
 * list: every policy is matched against every class of its namespace.
 */
function selectorMatcher(
  selector: LabelSelector,
): (labels: Readonly<Record<string, string>>) => boolean {
  if (selector.matchExpressions.length > 0) return (labels) => matchesSelector(selector, labels);
  const entries = Object.entries(selector.matchLabels);
  return (labels) => {
    for (const [key, value] of entries) {
      if (labels[key] !== value) return false;
    }
    return true;
  };
}
