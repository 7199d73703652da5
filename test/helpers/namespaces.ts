import type { KubeObject } from "../../src/model/kube-object.ts";

/** A Namespace object with the given labels and annotations. */
export function namespace(
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels, annotations } };
}

/** A Namespace whose Pod Security Standards are pinned to a version, e.g. `v1.34`. */
export function pssPinnedNamespace(name: string, version: string): KubeObject {
  return namespace(name, { "pod-security.kubernetes.io/enforce-version": version });
}
