// RBAC as the control plane sets it up: bindings read plainly from the snapshot, and the
// bootstrap policy every kube-apiserver creates (its default roles, and its few default grants
// to broad groups), so controls neither call a default "dangling" nor flag Kubernetes itself.
import { objectsAt, stringAt } from "./fields.ts";
import type { Inventory, InventoryEntry } from "./inventory.ts";

export const RBAC_API_GROUP = "rbac.authorization.k8s.io";

/** A subject of a binding; a ServiceAccount's namespace is resolved the way the authorizer does. */
export interface BindingSubject {
  readonly kind: string;
  readonly name: string;
  /** ServiceAccount only: the subject's namespace, else the RoleBinding's; undefined never matches. */
  readonly namespace?: string;
}

export interface BindingView {
  readonly entry: InventoryEntry;
  readonly kind: "RoleBinding" | "ClusterRoleBinding";
  readonly name: string;
  /** The RoleBinding's namespace; undefined for a ClusterRoleBinding. */
  readonly namespace: string | undefined;
  readonly roleKind: string;
  readonly roleName: string;
  readonly subjects: readonly BindingSubject[];
}

/** Every RoleBinding and ClusterRoleBinding of the snapshot, in load order. */
export function bindingsOf(inventory: Inventory): readonly BindingView[] {
  return (["ClusterRoleBinding", "RoleBinding"] as const).flatMap((kind) =>
    inventory.ofKind(kind, RBAC_API_GROUP).map((entry) => ({
      entry,
      kind,
      name: entry.object.metadata.name,
      namespace: entry.namespace,
      roleKind: stringAt(entry.object, "roleRef", "kind") ?? "",
      roleName: stringAt(entry.object, "roleRef", "name") ?? "",
      subjects: objectsAt(entry.object, "subjects").map((subject) => {
        const subjectKind = stringAt(subject, "kind") ?? "";
        const namespace =
          stringAt(subject, "namespace") ?? (kind === "RoleBinding" ? entry.namespace : undefined);
        return {
          kind: subjectKind,
          name: stringAt(subject, "name") ?? "",
          ...(subjectKind === "ServiceAccount" && namespace !== undefined && namespace !== ""
            ? { namespace }
            : {}),
        };
      }),
    })),
  );
}

export function formatSubject(subject: BindingSubject): string {
  return subject.kind === "ServiceAccount"
    ? `ServiceAccount ${subject.namespace ?? "(no namespace)"}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

const BOOTSTRAP_CLUSTER_ROLES: ReadonlySet<string> = new Set([
  "cluster-admin",
  "admin",
  "edit",
  "view",
]);

/**
 * True for the roles the apiserver creates in every cluster: the user-facing ClusterRoles,
 * every `system:` ClusterRole, and the `system:` Roles (plus the authentication reader) in
 * kube-system and kube-public.
 */
export function isBootstrapRole(
  kind: string,
  namespace: string | undefined,
  name: string,
): boolean {
  if (kind === "ClusterRole")
    return BOOTSTRAP_CLUSTER_ROLES.has(name) || name.startsWith("system:");
  return (
    kind === "Role" &&
    (namespace === "kube-system" || namespace === "kube-public") &&
    (name.startsWith("system:") || name === "extension-apiserver-authentication-reader")
  );
}

/**
 * The bootstrap grants to broad groups (discovery, self-review, health and version endpoints,
 * service-account issuer discovery), by binding name, role and group. They are Kubernetes'
 * own; only the exact default subject is excused, not anything added to the binding.
 */
const DEFAULT_BROAD_GRANTS: readonly (readonly [binding: string, group: string])[] = [
  ["system:basic-user", "system:authenticated"],
  ["system:discovery", "system:authenticated"],
  ["system:public-info-viewer", "system:authenticated"],
  ["system:public-info-viewer", "system:unauthenticated"],
  ["system:service-account-issuer-discovery", "system:serviceaccounts"],
];

export function isDefaultBroadGrant(binding: BindingView, subject: BindingSubject): boolean {
  return (
    binding.kind === "ClusterRoleBinding" &&
    binding.roleKind === "ClusterRole" &&
    binding.roleName === binding.name &&
    subject.kind === "Group" &&
    DEFAULT_BROAD_GRANTS.some(([name, group]) => name === binding.name && group === subject.name)
  );
}
