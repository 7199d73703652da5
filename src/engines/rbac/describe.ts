import type { RbacBinding, Subject } from "./types.ts";

// The kube-apiserver's wording, so that `status.reason` reads exactly as a live answer would.

/** Go's %q for the strings RBAC names hold (JSON escaping agrees on printable text). */
function quote(text: string): string {
  return JSON.stringify(text);
}

export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === "ServiceAccount") {
    const namespace = subject.namespace === "" ? bindingNamespace : subject.namespace;
    return `${subject.kind} ${quote(`${subject.name}/${namespace}`)}`;
  }
  return `${subject.kind} ${quote(subject.name)}`;
}

export function describeGrantSource(binding: RbacBinding, subject: Subject): string {
  const name =
    binding.kind === "RoleBinding" ? `${binding.name}/${binding.namespace ?? ""}` : binding.name;
  return `${binding.kind} ${quote(name)} of ${binding.roleRef.kind} ${quote(binding.roleRef.name)} to ${describeSubject(subject, binding.namespace ?? "")}`;
}

/** The lister's NotFound, or the resolver's complaint about an unknown roleRef kind. */
export function roleResolutionError(binding: RbacBinding): string {
  switch (binding.roleRef.kind) {
    case "Role":
      return `role.rbac.authorization.k8s.io ${quote(binding.roleRef.name)} not found`;
    case "ClusterRole":
      return `clusterrole.rbac.authorization.k8s.io ${quote(binding.roleRef.name)} not found`;
    default:
      return `unsupported role reference kind: ${quote(binding.roleRef.kind)}`;
  }
}

/** utilerrors.NewAggregate(...).Error(): one message bare, several deduplicated in brackets. */
export function aggregateErrors(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length <= 1) return unique[0] ?? "";
  return `[${unique.join(", ")}]`;
}
