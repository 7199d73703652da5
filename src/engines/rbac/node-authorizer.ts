import type { NodeGraph, NodeLink, NodeVertexType } from "./node-graph.ts";
import { ruleAllows } from "./rule-match.ts";
import type { PolicyRule, Request, UserInfo } from "./types.ts";

// The kube-apiserver's Node authorizer (plugin/pkg/auth/authorizer/node/node_authorizer.go,
// v1.36 with its default feature gates), which runs before RBAC under
// `--authorization-mode=Node,RBAC`. It allows or has no opinion; it never denies.

export const NODE_USER_PREFIX = "system:node:";
export const NODES_GROUP = "system:nodes";
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** Why the Node authorizer allowed a request. */
export interface NodeEvidence {
  readonly authorizer: "Node";
  readonly node: string;
  /**
   * `graph`: the object is linked to the node through a pod bound to it; `own-object`: the
   * node's own Node, Lease or CSINode; `node-write`: a write the NodeRestriction admission
   * plugin narrows to the node's own objects; `node-rules`: the rules every node gets.
   */
  readonly basis: "graph" | "own-object" | "node-write" | "node-rules";
  readonly pod?: { readonly namespace: string; readonly name: string };
  readonly via?: readonly string[];
  readonly ruleIndex?: number;
  readonly rule?: PolicyRule;
}

/** The Node authorizer's answer: allow, or no opinion with the reason it gives. */
export interface NodeDecision {
  readonly allowed: boolean;
  readonly reason: string;
  readonly evidence?: NodeEvidence;
}

/** The node name of a node identity (`system:node:<name>` in `system:nodes`), or undefined. */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.name.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP))
    return undefined;
  return user.name.slice(NODE_USER_PREFIX.length);
}

const NO_OPINION: NodeDecision = { allowed: false, reason: "" };
const noOpinion = (reason: string): NodeDecision => ({ allowed: false, reason });

/** Answers a request of a node identity; undefined for any other user (the authorizer's no-op). */
export function authorizeNode(
  graph: NodeGraph,
  nodeRules: readonly PolicyRule[],
  user: UserInfo,
  request: Request,
): NodeDecision | undefined {
  const node = nodeNameOf(user);
  if (node === undefined) return undefined;
  if (node === "") return noOpinion(`unknown node for user ${JSON.stringify(user.name)}`);
  if (request.kind === "resource") {
    const decided = subdivided(graph, node, request);
    if (decided !== undefined) return decided;
  }
  const index = nodeRules.findIndex((rule) => ruleAllows(rule, request));
  const rule = nodeRules[index];
  if (rule === undefined) return NO_OPINION;
  return {
    allowed: true,
    reason: "",
    evidence: { authorizer: "Node", node, basis: "node-rules", ruleIndex: index, rule },
  };
}

type Resource = Extract<Request, { kind: "resource" }>;

/** The resources the authorizer subdivides; undefined sends the request to the node rules. */
function subdivided(graph: NodeGraph, node: string, request: Resource): NodeDecision | undefined {
  const allow = (basis: NodeEvidence["basis"]): NodeDecision => ({
    allowed: true,
    reason: "",
    evidence: { authorizer: "Node", node, basis },
  });
  const { verb, subresource } = request;
  switch (`${request.apiGroup}/${request.resource}`) {
    case "/secrets":
      return readNamespaced(graph, node, "secret", request);
    case "/configmaps":
      return readNamespaced(graph, node, "configmap", request);
    case "/persistentvolumeclaims":
      if (subresource === "status") {
        if (verb !== "update" && verb !== "patch")
          return noOpinion("can only get/update/patch this type");
        return related(graph, node, "pvc", request);
      }
      return getOnly(graph, node, "pvc", request);
    case "/persistentvolumes":
      return getOnly(graph, node, "pv", request);
    case "resource.k8s.io/resourceclaims":
      return getOnly(graph, node, "resourceclaim", request);
    case "storage.k8s.io/volumeattachments":
      return getOnly(graph, node, "volumeattachment", request);
    case "/serviceaccounts":
      // KubeletServiceAccountTokenForCredentialProviders (on by default) lets a node read them.
      if (verb === "get" && subresource === "")
        return readNamespaced(graph, node, "serviceAccount", request);
      if (verb !== "create" || request.name === "")
        return noOpinion("can only create tokens for individual service accounts");
      if (subresource !== "token")
        return noOpinion("can only create token subresource of serviceaccount");
      return related(graph, node, "serviceAccount", request);
    case "coordination.k8s.io/leases":
      if (!["get", "create", "update", "patch", "delete"].includes(verb))
        return noOpinion("can only get, create, update, patch, or delete a node lease");
      if (request.namespace !== NODE_LEASE_NAMESPACE)
        return noOpinion(
          `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`,
        );
      if (verb !== "create" && request.name !== node)
        return noOpinion("can only access node lease with the same name as the requesting node");
      return allow(verb === "create" ? "node-write" : "own-object");
    case "storage.k8s.io/csinodes":
      if (!["get", "create", "update", "patch", "delete"].includes(verb))
        return noOpinion("can only get, create, update, patch, or delete a CSINode");
      if (subresource !== "") return noOpinion("cannot authorize CSINode subresources");
      if (verb !== "create" && request.name !== node)
        return noOpinion("can only access CSINode with the same name as the requesting node");
      return allow(verb === "create" ? "node-write" : "own-object");
    case "resource.k8s.io/resourceslices":
      if (subresource !== "") return noOpinion("cannot authorize ResourceSlice subresources");
      if (verb === "create") return allow("node-write");
      if (["get", "update", "patch", "delete"].includes(verb))
        return related(graph, node, "resourceslice", request);
      // Allowed only with a nodeName field selector, which a request here never carries.
      if (["watch", "list", "deletecollection"].includes(verb))
        return noOpinion(
          "can only list/watch/deletecollection resourceslices with nodeName field selector",
        );
      return noOpinion(
        "only the following verbs are allowed for a ResourceSlice: get, watch, list, create, update, patch, delete, deletecollection",
      );
    case "/nodes":
      if (subresource === "" && ["create", "update", "patch"].includes(verb))
        return allow("node-write");
      if (subresource === "" && ["get", "list", "watch"].includes(verb)) {
        if (request.name === node) return allow("own-object");
        return noOpinion(
          request.name === ""
            ? `node '${node}' cannot read all nodes, only its own Node object`
            : `node '${node}' cannot read '${request.name}', only its own Node object`,
        );
      }
      if (subresource === "status" && (verb === "update" || verb === "patch"))
        return allow("node-write");
      return NO_OPINION;
    case "/pods":
      return pods(graph, node, request, allow);
    case "certificates.k8s.io/podcertificaterequests":
      // The PodCertificateRequest feature is off by default in v1.36: no opinion, no node rules.
      return NO_OPINION;
    default:
      return undefined;
  }
}

function pods(
  graph: NodeGraph,
  node: string,
  request: Resource,
  allow: (basis: NodeEvidence["basis"]) => NodeDecision,
): NodeDecision {
  const { verb, subresource } = request;
  if (subresource === "") {
    if (verb === "get") return getOnly(graph, node, "pod", request);
    if (verb === "list" || verb === "watch") {
      // A spec.nodeName field selector would allow it; a request here never carries one.
      if (request.name !== "") return related(graph, node, "pod", request);
      return noOpinion("can only list/watch pods with spec.nodeName field selector");
    }
    if (verb === "create" || verb === "delete") return allow("node-write");
  }
  if (subresource === "status" && (verb === "update" || verb === "patch"))
    return allow("node-write");
  if (subresource === "eviction" && verb === "create") return allow("node-write");
  return NO_OPINION;
}

function readNamespaced(
  graph: NodeGraph,
  node: string,
  type: NodeVertexType,
  request: Resource,
): NodeDecision {
  if (!["get", "list", "watch"].includes(request.verb))
    return noOpinion("can only read resources of this type");
  if (request.subresource !== "") return noOpinion("cannot read subresource");
  if (request.namespace === "") return noOpinion("can only read namespaced object of this type");
  return related(graph, node, type, request);
}

function getOnly(
  graph: NodeGraph,
  node: string,
  type: NodeVertexType,
  request: Resource,
): NodeDecision {
  if (request.verb !== "get") return noOpinion("can only get individual resources of this type");
  if (request.subresource !== "") return noOpinion("cannot get subresource");
  return related(graph, node, type, request);
}

/** hasPathFrom: the object must be linked to this node in the graph. */
function related(
  graph: NodeGraph,
  node: string,
  type: NodeVertexType,
  request: Resource,
): NodeDecision {
  if (request.name === "") return noOpinion("No Object name found");
  const found: NodeLink | undefined = graph.linkOf(node, type, request.namespace, request.name);
  if (found === undefined)
    return noOpinion(`no relationship found between node '${node}' and this object`);
  return {
    allowed: true,
    reason: "",
    evidence: {
      authorizer: "Node",
      node,
      basis: "graph",
      ...(found.pod === undefined ? {} : { pod: found.pod }),
      ...(found.via.length === 0 ? {} : { via: found.via }),
    },
  };
}
