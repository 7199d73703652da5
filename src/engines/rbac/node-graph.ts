import { isObject, objectAt, objectsAt, stringAt, type JsonObject } from "../../model/fields.ts";
import type { Inventory } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { serviceAccountNameOfSpec } from "../../model/service-account-name.ts";

// The Node authorizer's graph (plugin/pkg/auth/authorizer/node, graph.go and graph_populator.go)
// rebuilt from a snapshot: which objects a node reaches through the pods bound to it.

/** The object types the graph holds, named as the Node authorizer names its vertices. */
export type NodeVertexType =
  | "pod"
  | "secret"
  | "configmap"
  | "pvc"
  | "pv"
  | "serviceAccount"
  | "resourceclaim"
  | "volumeattachment"
  | "resourceslice";

/** How a node reaches an object: through which pod, and the objects in between. */
export interface NodeLink {
  /** The pod bound to the node that references the object (absent for attachments, slices). */
  readonly pod?: { readonly namespace: string; readonly name: string };
  /** Objects between the pod and this one, nearest the pod first (`PersistentVolumeClaim ns/c`). */
  readonly via: readonly string[];
}

export interface NodeGraph {
  /** Nodes some pod, attachment or slice is bound to, sorted. */
  readonly nodes: readonly string[];
  /** How `node` reaches the object, or undefined when no path leads there. */
  linkOf(node: string, type: NodeVertexType, namespace: string, name: string): NodeLink | undefined;
  /** Every node that reaches the object, sorted by node name. */
  nodesReaching(
    type: NodeVertexType,
    namespace: string,
    name: string,
  ): readonly (NodeLink & { readonly node: string })[];
  /** The objects of a type a node reaches, sorted by namespace and name. */
  objectsOf(
    node: string,
    type: NodeVertexType,
  ): readonly (NodeLink & { readonly namespace: string; readonly name: string })[];
}

const MIRROR_POD = "kubernetes.io/config.mirror";

const key = (type: NodeVertexType, namespace: string, name: string) =>
  `${type}\u0000${namespace}\u0000${name}`;

/** Builds the graph from the Pods, PersistentVolumes, VolumeAttachments and ResourceSlices. */
export function buildNodeGraph(inventory: Inventory): NodeGraph {
  // vertex key -> node -> the first link found (pods in load order).
  const links = new Map<string, Map<string, NodeLink>>();
  const link = (vertex: string, node: string, found: NodeLink) => {
    let byNode = links.get(vertex);
    if (byNode === undefined) links.set(vertex, (byNode = new Map<string, NodeLink>()));
    if (!byNode.has(node)) byNode.set(node, found);
  };
  const nodes = new Set<string>();
  for (const entry of inventory.ofKind("Pod", "")) addPod(entry.object, link, nodes);
  for (const entry of inventory.ofKind("PersistentVolume", ""))
    addPersistentVolume(entry.object, links, link);
  for (const [kind, group, type] of [
    ["VolumeAttachment", "storage.k8s.io", "volumeattachment"],
    ["ResourceSlice", "resource.k8s.io", "resourceslice"],
  ] as const) {
    for (const entry of inventory.ofKind(kind, group)) {
      const node = stringAt(entry.object, "spec", "nodeName") ?? "";
      if (node === "") continue;
      nodes.add(node);
      link(key(type, "", entry.object.metadata.name), node, { via: [] });
    }
  }
  return {
    nodes: [...nodes].sort(),
    linkOf: (node, type, namespace, name) => links.get(key(type, namespace, name))?.get(node),
    nodesReaching: (type, namespace, name) =>
      [...(links.get(key(type, namespace, name)) ?? [])]
        .map(([node, found]) => ({ node, ...found }))
        .sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)),
    objectsOf: (node, type) => {
      const prefix = `${type}\u0000`;
      const found: (NodeLink & { namespace: string; name: string })[] = [];
      for (const [vertex, byNode] of links) {
        if (!vertex.startsWith(prefix)) continue;
        const hit = byNode.get(node);
        if (hit === undefined) continue;
        const [, namespace = "", name = ""] = vertex.split("\u0000");
        found.push({ namespace, name, ...hit });
      }
      return found.sort((a, b) =>
        a.namespace === b.namespace
          ? a.name < b.name
            ? -1
            : a.name > b.name
              ? 1
              : 0
          : a.namespace < b.namespace
            ? -1
            : 1,
      );
    },
  };
}

type Link = (vertex: string, node: string, found: NodeLink) => void;

/** AddPod: the pod, its ServiceAccount, Secrets, ConfigMaps, claims and ResourceClaims. */
function addPod(pod: KubeObject, link: Link, nodes: Set<string>): void {
  const spec = objectAt(pod, "spec");
  const node = stringAt(spec, "nodeName") ?? "";
  const namespace = pod.metadata.namespace ?? "";
  if (node === "" || namespace === "") return;
  nodes.add(node);
  const direct: NodeLink = { pod: { namespace, name: pod.metadata.name }, via: [] };
  link(key("pod", namespace, pod.metadata.name), node, direct);
  // A mirror pod is created by the node itself: it must not widen what the node can read.
  if (pod.metadata.annotations?.[MIRROR_POD] !== undefined) return;
  const add = (type: NodeVertexType, name: string | undefined) => {
    if (name !== undefined && name !== "") link(key(type, namespace, name), node, direct);
  };
  add("serviceAccount", serviceAccountNameOfSpec(spec));
  for (const reference of objectsAt(spec, "imagePullSecrets"))
    add("secret", stringAt(reference, "name"));
  for (const container of [
    ...objectsAt(spec, "initContainers"),
    ...objectsAt(spec, "containers"),
    ...objectsAt(spec, "ephemeralContainers"),
  ]) {
    for (const from of objectsAt(container, "envFrom")) {
      add("secret", stringAt(from, "secretRef", "name"));
      add("configmap", stringAt(from, "configMapRef", "name"));
    }
    for (const env of objectsAt(container, "env")) {
      add("secret", stringAt(env, "valueFrom", "secretKeyRef", "name"));
      add("configmap", stringAt(env, "valueFrom", "configMapKeyRef", "name"));
    }
  }
  for (const volume of objectsAt(spec, "volumes")) {
    // Plugins that name a Secret in the pod's namespace (VisitPodSecretNames).
    add("secret", stringAt(volume, "secret", "secretName"));
    add("secret", stringAt(volume, "azureFile", "secretName"));
    for (const plugin of ["cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos"])
      add("secret", stringAt(volume, plugin, "secretRef", "name"));
    add("secret", stringAt(volume, "csi", "nodePublishSecretRef", "name"));
    add("configmap", stringAt(volume, "configMap", "name"));
    for (const source of objectsAt(volume, "projected", "sources")) {
      add("secret", stringAt(source, "secret", "name"));
      add("configmap", stringAt(source, "configMap", "name"));
    }
    add("pvc", stringAt(volume, "persistentVolumeClaim", "claimName"));
    // A generic ephemeral volume's claim is named <pod>-<volume>.
    if (objectAt(volume, "ephemeral") !== undefined)
      add("pvc", `${pod.metadata.name}-${stringAt(volume, "name") ?? ""}`);
  }
  // A claim from a template is known once the pod's status names it (resourceclaim.Name).
  const statuses = objectsAt(pod, "status", "resourceClaimStatuses");
  for (const claim of objectsAt(spec, "resourceClaims")) {
    const direct = stringAt(claim, "resourceClaimName");
    if (direct !== undefined) add("resourceclaim", direct);
    else if (stringAt(claim, "resourceClaimTemplateName") !== undefined) {
      const status = statuses.find((s) => stringAt(s, "name") === stringAt(claim, "name"));
      add("resourceclaim", stringAt(status, "resourceClaimName"));
    }
  }
  add("resourceclaim", stringAt(pod, "status", "extendedResourceClaimStatus", "resourceClaimName"));
}

/** AddPV: pv -> the claim its claimRef names; the kubelet-visible Secrets of its source -> pv. */
function addPersistentVolume(
  pv: KubeObject,
  links: ReadonlyMap<string, ReadonlyMap<string, NodeLink>>,
  link: Link,
): void {
  const spec = objectAt(pv, "spec");
  const claimRef = objectAt(spec, "claimRef");
  if (claimRef === undefined) return;
  const claimNamespace = stringAt(claimRef, "namespace") ?? "";
  const claimName = stringAt(claimRef, "name") ?? "";
  const claim = links.get(key("pvc", claimNamespace, claimName));
  if (claim === undefined) return;
  const name = pv.metadata.name;
  const claimLabel = `PersistentVolumeClaim ${claimNamespace}/${claimName}`;
  for (const [node, found] of claim)
    link(key("pv", "", name), node, { ...found, via: [claimLabel] });
  for (const [namespace, secret] of persistentVolumeSecrets(spec, claimNamespace)) {
    for (const [node, found] of claim) {
      link(key("secret", namespace, secret), node, {
        ...found,
        via: [claimLabel, `PersistentVolume ${name}`],
      });
    }
  }
}

/** VisitPVSecretNames with kubeletVisible: [namespace, name] pairs. */
function persistentVolumeSecrets(
  spec: JsonObject | undefined,
  claimNamespace: string,
): [string, string][] {
  const out: [string, string][] = [];
  const add = (namespace: string | undefined, name: string | undefined) => {
    if (name !== undefined && name !== "") out.push([namespace ?? "", name]);
  };
  if (isObject(spec?.["azureFile"])) {
    const namespace = stringAt(spec, "azureFile", "secretNamespace");
    add(
      namespace === undefined || namespace === "" ? claimNamespace : namespace,
      stringAt(spec, "azureFile", "secretName"),
    );
    return out;
  }
  // These fall back to the claim's namespace when their secretRef has none.
  for (const plugin of ["cephfs", "flexVolume", "rbd", "scaleIO", "iscsi"]) {
    const ref = objectAt(spec, plugin, "secretRef");
    if (isObject(spec?.[plugin])) {
      if (ref !== undefined) {
        const namespace = stringAt(ref, "namespace");
        add(
          namespace === undefined || namespace === "" ? claimNamespace : namespace,
          stringAt(ref, "name"),
        );
      }
      return out;
    }
  }
  for (const plugin of ["cinder", "storageos"]) {
    if (isObject(spec?.[plugin])) {
      const ref = objectAt(spec, plugin, "secretRef");
      if (ref !== undefined) add(stringAt(ref, "namespace"), stringAt(ref, "name"));
      return out;
    }
  }
  // CSI: the controller's secrets stay out of the node's reach; the node's own three are in.
  for (const field of ["nodePublishSecretRef", "nodeStageSecretRef", "nodeExpandSecretRef"]) {
    const ref = objectAt(spec, "csi", field);
    if (ref !== undefined) add(stringAt(ref, "namespace"), stringAt(ref, "name"));
  }
  return out;
}
