import { booleanAt, stringAt } from "../../../model/fields.ts";
import type { Inventory } from "../../../model/inventory.ts";
import type { PodTemplateView } from "../../../model/pod-template.ts";
import type { RbacBinding } from "../types.ts";
import { serviceAccountNameOfSpec } from "../../../model/service-account-name.ts";

/** What path analysis needs to know about the cluster beyond RBAC, indexed once. */
export interface ClusterFacts {
  readonly namespaces: readonly string[];
  /** ServiceAccounts of a namespace: declared, used by a workload, and `default`. */
  serviceAccountsOf(namespace: string): readonly string[];
  /** Whether any ServiceAccount object is declared in the namespace (we see its accounts). */
  declaresServiceAccounts(namespace: string): boolean;
  hasServiceAccount(namespace: string, name: string): boolean;
  /** Long-lived token Secrets (`kubernetes.io/service-account-token`) of a namespace. */
  tokenSecretsOf(namespace: string): readonly { secret: string; serviceAccount: string }[];
  /** Pods and workload pod templates of a namespace. */
  podsOf(namespace: string): readonly PodTemplateView[];
  readonly pods: readonly PodTemplateView[];
  /** Pod Security admission would refuse a privileged or hostPath pod in the namespace. */
  blocksPrivilegedPods(namespace: string): boolean;
}

export const POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

export function serviceAccountOfPod(pod: PodTemplateView): string {
  return serviceAccountNameOfSpec(pod.spec);
}

/** A token is mounted unless the pod (or, when the pod says nothing, its account) opts out. */
export function mountsToken(pod: PodTemplateView, accountOptsOut: boolean): boolean {
  const podSetting = booleanAt(pod.spec, "automountServiceAccountToken");
  return podSetting ?? !accountOptsOut;
}

export function clusterFacts(inventory: Inventory, bindings: readonly RbacBinding[]): ClusterFacts {
  const accounts = new Map<string, Set<string>>();
  const declared = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, namespace: string, name: string) => {
    const set = map.get(namespace) ?? new Set<string>();
    set.add(name);
    map.set(namespace, set);
  };
  for (const entry of inventory.ofKind("ServiceAccount", "")) {
    if (entry.namespace === undefined) continue;
    add(accounts, entry.namespace, entry.object.metadata.name);
    add(declared, entry.namespace, entry.object.metadata.name);
  }
  const podsByNamespace = new Map<string, PodTemplateView[]>();
  for (const pod of inventory.pods) {
    add(accounts, pod.namespace, serviceAccountOfPod(pod));
    const list = podsByNamespace.get(pod.namespace) ?? [];
    list.push(pod);
    podsByNamespace.set(pod.namespace, list);
  }
  const tokens = new Map<string, { secret: string; serviceAccount: string }[]>();
  for (const entry of inventory.ofKind("Secret", "")) {
    if (entry.namespace === undefined) continue;
    if (stringAt(entry.object, "type") !== "kubernetes.io/service-account-token") continue;
    const serviceAccount =
      entry.object.metadata.annotations?.["kubernetes.io/service-account.name"];
    if (serviceAccount === undefined) continue;
    const list = tokens.get(entry.namespace) ?? [];
    list.push({ secret: entry.object.metadata.name, serviceAccount });
    tokens.set(entry.namespace, list);
  }
  const namespaces = [
    ...new Set([
      ...inventory.namespaces(),
      ...bindings.flatMap((binding) =>
        binding.namespace === undefined ? [] : [binding.namespace],
      ),
    ]),
  ].sort();
  const enforce = new Map<string, string>();
  for (const entry of inventory.ofKind("Namespace", "")) {
    const level = entry.object.metadata.labels?.[POD_SECURITY_ENFORCE];
    if (level !== undefined) enforce.set(entry.object.metadata.name, level);
  }
  return {
    namespaces,
    serviceAccountsOf: (namespace) =>
      [...new Set(["default", ...(accounts.get(namespace) ?? [])])].sort(),
    declaresServiceAccounts: (namespace) => declared.has(namespace),
    hasServiceAccount: (namespace, name) => declared.get(namespace)?.has(name) === true,
    tokenSecretsOf: (namespace) => tokens.get(namespace) ?? [],
    podsOf: (namespace) => podsByNamespace.get(namespace) ?? [],
    pods: inventory.pods,
    blocksPrivilegedPods: (namespace) => {
      const level = enforce.get(namespace);
      return level === "baseline" || level === "restricted";
    },
  };
}
