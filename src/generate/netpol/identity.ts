import type { NetpolEngine } from "../../engines/netpol/engine.ts";
import type { PodEndpoint } from "../../engines/netpol/model.ts";

/**
 * Labels that change with every rollout or name a single replica: a selector on them breaks at
 * the next deploy. (pod-template-hash: Deployments; controller-revision-hash and
 * pod-template-generation: StatefulSets and DaemonSets; the rest: Jobs and StatefulSet pods.)
 */
const UNSTABLE_KEYS: ReadonlySet<string> = new Set([
  "pod-template-hash",
  "controller-revision-hash",
  "pod-template-generation",
  "statefulset.kubernetes.io/pod-name",
  "apps.kubernetes.io/pod-index",
  "controller-uid",
  "batch.kubernetes.io/controller-uid",
  "job-name",
  "batch.kubernetes.io/job-name",
  "batch.kubernetes.io/job-completion-index",
]);

/** Keys people mean as identity, tried first when several selectors are equally small. */
const PREFERRED_KEYS = [
  "app.kubernetes.io/name",
  "app",
  "k8s-app",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/component",
  "component",
  "name",
];

/** Pods that every NetworkPolicy treats alike: one namespace, the same stable labels. */
export interface WorkloadGroup {
  readonly id: number;
  readonly namespace: string;
  /** The workload's name (a controller's name over its pods' names). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly endpoints: readonly PodEndpoint[];
  /** The smallest stable matchLabels that selects this group and no other in its namespace. */
  readonly selector: Readonly<Record<string, string>>;
  /** False when no subset of stable labels tells it apart: the selector also takes others. */
  readonly isExact: boolean;
}

export function stableLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    if (!UNSTABLE_KEYS.has(key)) out[key] = labels[key] ?? "";
  }
  return out;
}

export interface GroupIndex {
  readonly groups: readonly WorkloadGroup[];
  /** By pod endpoint index. */
  groupOf(pod: PodEndpoint): WorkloadGroup | undefined;
  /** A workload or pod by `namespace/name`. */
  byName(namespace: string, name: string): WorkloadGroup | undefined;
}

export function groupWorkloads(engine: NetpolEngine): GroupIndex {
  const byKey = new Map<
    string,
    { namespace: string; labels: Record<string, string>; pods: PodEndpoint[] }
  >();
  for (const pod of engine.pods) {
    if (pod.hostNetwork) continue;
    const labels = stableLabels(pod.labels);
    const key = `${pod.namespace}\u0000${JSON.stringify(labels)}`;
    const found = byKey.get(key);
    if (found === undefined) byKey.set(key, { namespace: pod.namespace, labels, pods: [pod] });
    else found.pods.push(pod);
  }
  const byNamespace = new Map<string, { labels: Record<string, string> }[]>();
  for (const entry of byKey.values()) {
    const list = byNamespace.get(entry.namespace) ?? [];
    list.push(entry);
    byNamespace.set(entry.namespace, list);
  }
  const groups: WorkloadGroup[] = [];
  const podGroup = new Map<number, WorkloadGroup>();
  const named = new Map<string, WorkloadGroup>();
  for (const entry of byKey.values()) {
    const owner = entry.pods.find((pod) => pod.ref.kind !== "Pod") ?? entry.pods[0];
    if (owner === undefined) continue;
    const { selector, isExact } = smallestSelector(
      entry.labels,
      byNamespace.get(entry.namespace) ?? [],
    );
    const group: WorkloadGroup = {
      id: groups.length,
      namespace: entry.namespace,
      name: owner.name,
      labels: entry.labels,
      serviceAccount: owner.serviceAccount,
      endpoints: entry.pods,
      selector,
      isExact,
    };
    groups.push(group);
    for (const pod of entry.pods) {
      podGroup.set(pod.index, group);
      named.set(`${pod.namespace}/${pod.name}`, group);
    }
  }
  return {
    groups,
    groupOf: (pod) => podGroup.get(pod.index),
    byName: (namespace, name) => named.get(`${namespace}/${name}`),
  };
}

/**
 * The fewest stable labels (preferred keys first, then by key) such that no other group of the
 * namespace carries them all. Subsets are tried by size up to 3, then all labels.
 */
function smallestSelector(
  labels: Readonly<Record<string, string>>,
  namespaceGroups: readonly { labels: Record<string, string> }[],
): { selector: Record<string, string>; isExact: boolean } {
  const keys = Object.keys(labels).sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const others = namespaceGroups.filter((other) => other.labels !== labels);
  const selects = (subset: readonly string[]) => (other: { labels: Record<string, string> }) =>
    subset.every((key) => other.labels[key] === labels[key]);
  for (let size = 1; size <= Math.min(3, keys.length); size++) {
    for (const subset of combinations(keys, size)) {
      if (!others.some(selects(subset))) return { selector: pick(labels, subset), isExact: true };
    }
  }
  return { selector: pick(labels, keys), isExact: keys.length > 0 && !others.some(selects(keys)) };
}

function rank(key: string): number {
  const index = PREFERRED_KEYS.indexOf(key);
  return index < 0 ? PREFERRED_KEYS.length : index;
}

function pick(
  labels: Readonly<Record<string, string>>,
  keys: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...keys].sort()) out[key] = labels[key] ?? "";
  return out;
}

function* combinations(keys: readonly string[], size: number, start = 0): Generator<string[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= keys.length - size; i++) {
    for (const rest of combinations(keys, size - 1, i + 1)) yield [keys[i] ?? "", ...rest];
  }
}
