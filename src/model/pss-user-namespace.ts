// A relaxation that pairs of Pod Security Standards controls share.
import { isUserNamespacePod, type PssControl } from "./pod-security.ts";

/** The first Kubernetes minor whose standard relaxes some controls for user-namespace pods. */
export const USER_NAMESPACE_RELAXED_SINCE = 35;

/**
 * A judge that, from v1.35, lets a pod in its own user namespace (`hostUsers: false`) pass:
 * there, UID 0 and an unmasked /proc map to an unprivileged range on the node.
 */
export function relaxedInUserNamespace(judge: PssControl["judge"]): PssControl["judge"] {
  return (pod, minor) =>
    minor >= USER_NAMESPACE_RELAXED_SINCE && isUserNamespacePod(pod) ? [] : judge(pod, minor);
}
