import { serviceAccountUsername } from "../../engines/rbac/user-info.ts";
import { booleanAt } from "../../model/fields.ts";
import type { Inventory } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { serviceAccountNameOfSpec } from "../../model/service-account-name.ts";

export interface AutomountPatch {
  /** A partial object: `kubectl patch --type merge` or server-side apply of just this field. */
  readonly patch: KubeObject;
  readonly serviceAccount: string;
  readonly note?: string;
}

/**
 * Workloads whose ServiceAccount made no API request in the audit window get
 * `automountServiceAccountToken: false` on their pod spec (which wins over the ServiceAccount's
 * own setting). Already off (on the pod, or on the ServiceAccount with the pod silent): nothing.
 * Pods a controller owns are patched through the controller.
 */
export function automountPatches(
  inventory: Inventory,
  callers: ReadonlySet<string>,
): AutomountPatch[] {
  const out: AutomountPatch[] = [];
  for (const pod of inventory.pods) {
    if ((pod.owner.metadata.ownerReferences?.length ?? 0) > 0) continue;
    const name = serviceAccountNameOfSpec(pod.spec);
    if (callers.has(serviceAccountUsername(pod.namespace, name))) continue;
    const onPod = booleanAt(pod.spec, "automountServiceAccountToken");
    if (onPod === false) continue;
    const account = inventory.get("ServiceAccount", pod.namespace, name, "");
    if (onPod === undefined && booleanAt(account?.object, "automountServiceAccountToken") === false)
      continue;
    let body: Record<string, unknown> = { automountServiceAccountToken: false };
    for (const key of [...pod.specPath].reverse()) body = { [key]: body };
    out.push({
      patch: {
        apiVersion: pod.owner.apiVersion,
        kind: pod.owner.kind,
        metadata: { name: pod.owner.metadata.name, namespace: pod.namespace },
        ...body,
      },
      serviceAccount: `${pod.namespace}/${name}`,
      ...(pod.owner.kind === "Pod"
        ? { note: "a Pod's spec cannot change in place: recreate it with this field" }
        : {}),
      ...(onPod === true ? { note: "the pod spec asks for the token explicitly" } : {}),
    });
  }
  return out.sort((a, b) => key(a.patch).localeCompare(key(b.patch)));
}

function key(object: KubeObject): string {
  return `${object.metadata.namespace ?? ""}/${object.kind}/${object.metadata.name}`;
}
