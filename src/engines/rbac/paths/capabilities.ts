import type { JsonObject } from "../../../model/fields.ts";
import type { RbacAuthorizer } from "../authorizer.ts";
import { evidenceOf } from "../review.ts";
import type { Request, UserInfo } from "../types.ts";
import { impersonatedUser, serviceAccountUsername } from "../user-info.ts";
import { mountsToken, serviceAccountOfPod, type ClusterFacts } from "./facts.ts";
import type { FindingType, Technique } from "./types.ts";

/** Every namespace at once: a name no RoleBinding can live in, so only cluster grants answer. */
export const ANY_NAMESPACE = "\u0000any";
/** A name no resourceNames list holds: allowed only by rules without resourceNames. */
const ANY_NAME = "\u0000any";

/** Who a capability lets one act as next. */
export type Reach =
  | { readonly kind: "service-accounts"; readonly namespace: string }
  /** The accounts whose tokens the namespace's pods mount. */
  | { readonly kind: "pod-service-accounts"; readonly namespace: string }
  /** The accounts with a long-lived token Secret in the namespace. */
  | { readonly kind: "token-service-accounts"; readonly namespace: string }
  | { readonly kind: "identity"; readonly user: UserInfo; readonly label: string };

/** One thing an identity can do that matters, with the grants that let it. */
export interface Capability {
  readonly type: FindingType;
  readonly technique: Technique;
  readonly impact: string;
  readonly action: string;
  readonly grants: readonly JsonObject[];
  readonly reach?: Reach;
  /** A step that must come first (relabeling a namespace before a privileged pod). */
  readonly before?: Capability;
}

const WORKLOADS: readonly (readonly [string, string, readonly string[]])[] = [
  ["", "pods", ["create"]],
  ["apps", "deployments", ["create", "update", "patch"]],
  ["apps", "statefulsets", ["create", "update", "patch"]],
  ["apps", "daemonsets", ["create", "update", "patch"]],
  ["apps", "replicasets", ["create", "update", "patch"]],
  ["batch", "jobs", ["create"]],
  ["batch", "cronjobs", ["create", "update", "patch"]],
  ["", "replicationcontrollers", ["create", "update", "patch"]],
];

const splits = new Map<string, readonly [string, string]>();
/** `pods/exec` -> [pods, exec], memoized: paths ask the same few resources millions of times. */
function splitResource(resource: string): readonly [string, string] {
  let found = splits.get(resource);
  if (found === undefined) {
    const slash = resource.indexOf("/");
    found = slash < 0 ? [resource, ""] : [resource.slice(0, slash), resource.slice(slash + 1)];
    splits.set(resource, found);
  }
  return found;
}

export const shown = (namespace: string): string => (namespace === ANY_NAMESPACE ? "*" : namespace);

/** The capabilities of one identity, checked in each namespace it holds grants in. */
export function capabilitiesOf(
  authorizer: RbacAuthorizer,
  facts: ClusterFacts,
  user: UserInfo,
  /** Cluster-wide capabilities by groups, for users no ClusterRoleBinding names. */
  sharedByGroups?: Map<string, readonly Capability[]>,
): Capability[] {
  const authorize = authorizer.forUser(user, 3);
  const ask = (
    verb: string,
    group: string,
    resource: string,
    namespace: string,
    name = ANY_NAME,
  ) => {
    const decision = authorize(resourceRequest(verb, group, resource, namespace, name));
    return decision.allowed ? decision.grants.slice(0, 3).map(evidenceOf) : undefined;
  };
  const askAny = (
    verbs: readonly string[],
    group: string,
    resource: string,
    namespace: string,
    name = ANY_NAME,
  ) => {
    for (const verb of verbs) {
      const grants = ask(verb, group, resource, namespace, name);
      if (grants !== undefined) return { verb, grants };
    }
    return undefined;
  };
  // A named question can only differ from the unnamed one through a rule with resourceNames:
  // when the user has none for the verb and resource, the per-name loops are skipped.
  const namesMatter: NamesMatter = (verbs, group, resource, namespace) =>
    verbs.some((verb) =>
      authorize.namesMatter(resourceRequest(verb, group, resource, namespace, ANY_NAME)),
    );
  const out: Capability[] = [];
  const add = (capability: Capability) => out.push(capability);
  // What holds cluster-wide (and in every namespace at once) comes from cluster role bindings
  // only: for a user none names, from its groups alone, so it is worked out once per groups.
  const key =
    sharedByGroups === undefined || authorizer.namedByClusterRoleBinding(user.name)
      ? undefined
      : user.groups.join("\u0000");
  let clusterWide = key === undefined ? undefined : sharedByGroups?.get(key);
  if (clusterWide === undefined) {
    const found: Capability[] = [];
    const admin = ask("*", "*", "*", "");
    if (admin !== undefined) {
      found.push({
        type: "privilege-escalation",
        technique: "direct-grant",
        impact: "cluster-admin",
        action: "holds every verb on every resource cluster-wide",
        grants: admin,
      });
    } else {
      const put = (capability: Capability) => found.push(capability);
      clusterCapabilities(ask, askAny, facts, put);
      namespaceCapabilities(ask, askAny, namesMatter, facts, ANY_NAMESPACE, put);
    }
    clusterWide = found;
    if (key !== undefined) sharedByGroups?.set(key, found);
  }
  out.push(...clusterWide);
  if (clusterWide[0]?.impact === "cluster-admin") return out;
  for (const namespace of authorizer.roleBindingNamespacesFor(user)) {
    namespaceCapabilities(ask, askAny, namesMatter, facts, namespace, add);
  }
  return out;
}

type Ask = (
  verb: string,
  group: string,
  resource: string,
  namespace: string,
  name?: string,
) => JsonObject[] | undefined;
type NamesMatter = (
  verbs: readonly string[],
  group: string,
  resource: string,
  namespace: string,
) => boolean;
type AskAny = (
  verbs: readonly string[],
  group: string,
  resource: string,
  namespace: string,
  name?: string,
) => { verb: string; grants: JsonObject[] } | undefined;

function clusterCapabilities(
  ask: Ask,
  askAny: AskAny,
  facts: ClusterFacts,
  add: (c: Capability) => void,
): void {
  const proxy = askAny(["create", "get"], "", "nodes/proxy", "");
  if (proxy !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "nodes-proxy",
      impact: "node-compromise:all",
      action: `${proxy.verb} nodes/proxy: the kubelet API of every node (exec in any pod)`,
      grants: proxy.grants,
    });
  }
  const masters = ask("impersonate", "", "groups", "", "system:masters");
  if (masters !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "impersonate",
      impact: "cluster-admin",
      action: "impersonate the group system:masters",
      grants: masters,
    });
  }
  const users = ask("impersonate", "", "users", "");
  if (users !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "impersonate",
      impact: "identity:User/*",
      action: "impersonate any user",
      grants: users,
    });
  }
  const uids = ask("impersonate", "authentication.k8s.io", "uids", "");
  if (uids !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "impersonate",
      impact: "identity:UID/*",
      action: "impersonate any uid",
      grants: uids,
    });
  }
  const bindCluster = ask("bind", "rbac.authorization.k8s.io", "clusterroles", "", "cluster-admin");
  const createCrb = askAny(["create"], "rbac.authorization.k8s.io", "clusterrolebindings", "");
  if (bindCluster !== undefined && createCrb !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "bind-role",
      impact: "cluster-admin",
      action: "create a ClusterRoleBinding to cluster-admin (bind on clusterroles)",
      grants: [...bindCluster, ...createCrb.grants],
    });
  }
  const escalate = ask("escalate", "rbac.authorization.k8s.io", "clusterroles", "");
  const updateRoles = askAny(["update", "patch"], "rbac.authorization.k8s.io", "clusterroles", "");
  if (escalate !== undefined && updateRoles !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "escalate-role",
      impact: "cluster-admin",
      action: `${updateRoles.verb} any ClusterRole to hold any permission (escalate)`,
      grants: [...escalate, ...updateRoles.grants],
    });
  }
  const csr = askAny(["create"], "certificates.k8s.io", "certificatesigningrequests", "");
  const approval = askAny(
    ["update", "patch"],
    "certificates.k8s.io",
    "certificatesigningrequests/approval",
    "",
  );
  const signer =
    ask("approve", "certificates.k8s.io", "signers", "", "kubernetes.io/kube-apiserver-client") ??
    ask("approve", "certificates.k8s.io", "signers", "", "kubernetes.io/*");
  if (csr !== undefined && approval !== undefined && signer !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "approve-csr",
      impact: "impersonate-any-identity-via-client-cert",
      action:
        "create and approve a client-certificate CSR for any user and group (kubernetes.io/kube-apiserver-client)",
      grants: [...csr.grants, ...approval.grants, ...signer],
    });
  }
  for (const resource of [
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "mutatingadmissionpolicies",
  ]) {
    const webhook = askAny(
      ["create", "update", "patch"],
      "admissionregistration.k8s.io",
      resource,
      "",
    );
    if (webhook !== undefined) {
      add({
        type: "privilege-escalation",
        technique: "control-admission-webhooks",
        impact: "cluster-compromise",
        action: `${webhook.verb} ${resource}: see and rewrite every object admitted (Secrets, Pods)`,
        grants: webhook.grants,
      });
      break;
    }
  }
  void facts;
}

function namespaceCapabilities(
  ask: Ask,
  askAny: AskAny,
  namesMatter: NamesMatter,
  facts: ClusterFacts,
  namespace: string,
  add: (c: Capability) => void,
): void {
  const any = namespace === ANY_NAMESPACE;
  const where = shown(namespace);
  const admin = ask("*", "*", "*", namespace);
  if (admin !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "direct-grant",
      impact: `namespace-admin:${where}`,
      action: `holds every verb on every resource in namespace ${where}`,
      grants: admin,
      reach: { kind: "service-accounts", namespace },
    });
  }
  const bindAdmin =
    ask("bind", "rbac.authorization.k8s.io", "clusterroles", namespace, "admin") ??
    ask("bind", "rbac.authorization.k8s.io", "clusterroles", namespace, "cluster-admin");
  const createRb = askAny(["create"], "rbac.authorization.k8s.io", "rolebindings", namespace);
  if (admin === undefined && bindAdmin !== undefined && createRb !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "bind-role",
      impact: `namespace-admin:${where}`,
      action: `create a RoleBinding to the admin ClusterRole in ${where} (bind on clusterroles)`,
      grants: [...bindAdmin, ...createRb.grants],
    });
  }
  const escalate = ask("escalate", "rbac.authorization.k8s.io", "roles", namespace);
  const updateRole = askAny(["update", "patch"], "rbac.authorization.k8s.io", "roles", namespace);
  if (admin === undefined && escalate !== undefined && updateRole !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "escalate-role",
      impact: `namespace-admin:${where}`,
      action: `${updateRole.verb} any Role of ${where} to hold any permission (escalate)`,
      grants: [...escalate, ...updateRole.grants],
    });
  }
  if (admin !== undefined) return;

  for (const [group, resource, verbs] of WORKLOADS) {
    const created = askAny(verbs, group, resource, namespace);
    if (created === undefined) continue;
    const kind = `${group === "" ? "" : `${group}/`}${resource}`;
    const workload: Capability = {
      type: "privilege-escalation",
      technique: "create-workload",
      impact: `run-as-any-sa:${where}`,
      action: `${created.verb} ${kind} in ${where}: run as any ServiceAccount of the namespace, mount its Secrets`,
      grants: created.grants,
      reach: { kind: "service-accounts", namespace },
    };
    add(workload);
    nodeCompromise(ask, askAny, facts, namespace, workload, add);
    break;
  }

  const list = askAny(["list", "watch"], "", "secrets", namespace, "");
  const get = ask("get", "", "secrets", namespace);
  const read = list?.grants ?? get;
  if (read !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "read-secrets",
      impact: any ? "read-secrets:cluster" : `read-secrets:${where}`,
      action: `read every Secret in ${any ? "the cluster" : where}`,
      grants: read,
      // The token Secrets it can read are followed as a hop, not listed one finding each.
      reach: { kind: "token-service-accounts", namespace },
    });
  } else if (!any && namesMatter(["get"], "", "secrets", namespace)) {
    for (const token of facts.tokenSecretsOf(namespace)) {
      const named = ask("get", "", "secrets", namespace, token.secret);
      if (named !== undefined)
        add(
          tokenIdentity(
            namespace,
            token.serviceAccount,
            `read the token Secret ${namespace}/${token.secret}`,
            "read-service-account-token-secret",
            named,
          ),
        );
    }
  }
  const createSecret = askAny(["create"], "", "secrets", namespace, "");
  if (createSecret !== undefined && read !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "create-token-secret",
      impact: `act-as-any-sa:${where}`,
      action: `create a kubernetes.io/service-account-token Secret for any ServiceAccount of ${where} and read its token`,
      grants: [...createSecret.grants, ...read],
      reach: { kind: "service-accounts", namespace },
    });
  }
  const mint = ask("create", "", "serviceaccounts/token", namespace);
  if (mint !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "serviceaccount-token",
      impact: `act-as-any-sa:${where}`,
      action: `create serviceaccounts/token: mint a token for any ServiceAccount of ${where}`,
      grants: mint,
      reach: { kind: "service-accounts", namespace },
    });
  } else if (!any && namesMatter(["create"], "", "serviceaccounts/token", namespace)) {
    for (const account of facts.serviceAccountsOf(namespace)) {
      const named = ask("create", "", "serviceaccounts/token", namespace, account);
      if (named !== undefined)
        add(
          tokenIdentity(
            namespace,
            account,
            `mint a token for ServiceAccount ${namespace}/${account}`,
            "serviceaccount-token",
            named,
          ),
        );
    }
  }
  const impersonateSa = ask("impersonate", "", "serviceaccounts", namespace);
  if (impersonateSa !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "impersonate",
      impact: `act-as-any-sa:${where}`,
      action: `impersonate any ServiceAccount of ${where}`,
      grants: impersonateSa,
      reach: { kind: "service-accounts", namespace },
    });
  }
  execCapabilities(askAny, namesMatter, facts, namespace, add);
  const netpol = askAny(
    ["create", "update", "patch", "delete"],
    "networking.k8s.io",
    "networkpolicies",
    namespace,
  );
  if (netpol !== undefined) {
    add({
      type: "lateral-movement",
      technique: "modify-network-policy",
      impact: `write:networking.k8s.io/networkpolicies@${where}`,
      action: `${netpol.verb} NetworkPolicies in ${where}: open the namespace's isolation`,
      grants: netpol.grants,
    });
  }
}

function tokenIdentity(
  namespace: string,
  account: string,
  action: string,
  technique: Technique,
  grants: readonly JsonObject[],
): Capability {
  const username = serviceAccountUsername(namespace, account);
  return {
    type: "privilege-escalation",
    technique,
    impact: `identity:ServiceAccount/${namespace}/${account}`,
    action,
    grants,
    reach: {
      kind: "identity",
      user: impersonatedUser(username),
      label: `ServiceAccount ${namespace}/${account}`,
    },
  };
}

function nodeCompromise(
  ask: Ask,
  askAny: AskAny,
  facts: ClusterFacts,
  namespace: string,
  workload: Capability,
  add: (c: Capability) => void,
): void {
  const where = shown(namespace);
  const open =
    namespace === ANY_NAMESPACE
      ? (facts.namespaces.find((ns) => !facts.blocksPrivilegedPods(ns)) ?? "default")
      : facts.blocksPrivilegedPods(namespace)
        ? undefined
        : namespace;
  if (open !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "privileged-workload",
      impact: "node-compromise:any-schedulable",
      action: `run a privileged or hostPath pod in ${open} (Pod Security does not enforce baseline there)`,
      grants: workload.grants,
    });
  } else {
    const relabel = askAny(["patch", "update"], "", "namespaces", "", namespace);
    if (relabel !== undefined) {
      const step: Capability = {
        type: "privilege-escalation",
        technique: "relabel-namespace-pod-security",
        impact: "node-compromise:any-schedulable",
        action: `${relabel.verb} namespace ${where}: set pod-security.kubernetes.io/enforce=privileged`,
        grants: relabel.grants,
      };
      add({
        ...step,
        technique: "privileged-workload",
        action: `then run a privileged or hostPath pod in ${where}`,
        grants: workload.grants,
        before: step,
      });
    }
  }
  const pv = askAny(["create"], "", "persistentvolumes", "");
  const pvc = askAny(["create"], "", "persistentvolumeclaims", namespace, "");
  if (pv !== undefined && pvc !== undefined) {
    add({
      type: "privilege-escalation",
      technique: "hostpath-persistentvolume",
      impact: "node-compromise:any-schedulable",
      action: `create a hostPath PersistentVolume and claim it from a pod in ${where} (Pod Security does not see PV sources)`,
      grants: [...pv.grants, ...pvc.grants, ...workload.grants],
    });
  }
}

function execCapabilities(
  askAny: AskAny,
  namesMatter: NamesMatter,
  facts: ClusterFacts,
  namespace: string,
  add: (c: Capability) => void,
): void {
  const ways: readonly (readonly [Technique, readonly string[], string])[] = [
    ["pod-exec", ["create", "get"], "pods/exec"],
    ["pod-attach", ["create", "get"], "pods/attach"],
    ["ephemeral-containers", ["update", "patch"], "pods/ephemeralcontainers"],
  ];
  const any = namespace === ANY_NAMESPACE;
  const pods = any ? facts.pods : facts.podsOf(namespace);
  for (const [technique, verbs, resource] of ways) {
    const granted = askAny(verbs, "", resource, namespace);
    if (granted !== undefined) {
      // Every pod of the namespace (or cluster): one finding, not one per pod.
      if (pods.length === 0) continue;
      const names = pods.slice(0, 3).map((pod) => `${pod.namespace}/${pod.ownerRef.name}`);
      const more = pods.length > 3 ? ` and ${pods.length - 3} more` : "";
      add({
        type: "lateral-movement",
        technique,
        impact: `code-exec:pod ${shown(namespace)}/*`,
        action: `${granted.verb} ${resource} on any pod of ${any ? "the cluster" : namespace} (${names.join(", ")}${more})`,
        grants: granted.grants,
        reach: { kind: "pod-service-accounts", namespace },
      });
      return;
    }
    if (any || !namesMatter(verbs, "", resource, namespace)) continue;
    for (const pod of pods) {
      const named = askAny(verbs, "", resource, namespace, pod.ownerRef.name);
      if (named === undefined) continue;
      const ns = pod.namespace;
      const name = serviceAccountOfPod(pod);
      const reach: Reach | undefined = mountsToken(pod, false)
        ? {
            kind: "identity",
            user: impersonatedUser(serviceAccountUsername(ns, name)),
            label: `ServiceAccount ${ns}/${name}`,
          }
        : undefined;
      add({
        type: "lateral-movement",
        technique,
        impact: `code-exec:pod ${ns}/${pod.ownerRef.name}`,
        action: `${named.verb} ${resource} on ${pod.ownerRef.kind} ${ns}/${pod.ownerRef.name}`,
        grants: named.grants,
        ...(reach === undefined ? {} : { reach }),
      });
    }
  }
}

/** A resource request; `resource` may carry its subresource (`pods/exec`). */
function resourceRequest(
  verb: string,
  group: string,
  resource: string,
  namespace: string,
  name: string,
): Request {
  const [base, sub] = splitResource(resource);
  return {
    kind: "resource",
    verb,
    apiGroup: group,
    resource: base,
    subresource: sub,
    namespace,
    name,
  };
}
