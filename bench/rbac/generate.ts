// Generated RBAC sets of a realistic shape: namespaces of ~10 ServiceAccounts, each with a
// Deployment; per-namespace Roles and RoleBindings (some to shared ClusterRoles); a few hundred
// ClusterRoles, cluster role bindings to users and groups, token Secrets and Pod Security labels.
import type { KubeObject } from "../../src/model/kube-object.ts";

export interface RbacSize {
  readonly name: string;
  readonly serviceAccounts: number;
  readonly bindings: number;
  readonly rules: number;
}

/** A small deterministic PRNG (mulberry32), so every run measures the same cluster. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const API = "rbac.authorization.k8s.io/v1";
const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"];
const RESOURCES: readonly (readonly [string, string])[] = [
  ["", "pods"],
  ["", "pods/log"],
  ["", "configmaps"],
  ["", "services"],
  ["", "secrets"],
  ["", "serviceaccounts"],
  ["", "persistentvolumeclaims"],
  ["apps", "deployments"],
  ["apps", "statefulsets"],
  ["batch", "jobs"],
  ["networking.k8s.io", "ingresses"],
  ["networking.k8s.io", "networkpolicies"],
  ["example.com", "widgets"],
];

export function generateRbac(size: RbacSize, seed = 1): KubeObject[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const rule = () => {
    const [group, resource] = pick(RESOURCES);
    const verbs = [...new Set([pick(VERBS), pick(VERBS)])];
    return {
      apiGroups: [group],
      resources: [resource],
      verbs,
      ...(next() < 0.05 ? { resourceNames: [`obj-${Math.floor(next() * 5)}`] } : {}),
    };
  };
  const objects: KubeObject[] = [];
  const namespaces = Math.max(1, Math.ceil(size.serviceAccounts / 10));
  const clusterRoles = 300;
  const rulesPerRole = 5;
  const clusterBindings = Math.min(2000, Math.floor(size.bindings / 25));
  const roleBindings = size.bindings - clusterBindings;
  const roles = Math.max(0, Math.floor(size.rules / rulesPerRole) - clusterRoles);
  for (let c = 0; c < clusterRoles; c++) {
    objects.push({
      apiVersion: API,
      kind: "ClusterRole",
      metadata: { name: `cr-${c}` },
      rules: Array.from({ length: rulesPerRole }, rule),
    });
  }
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: ns,
        ...(next() < 0.7 ? { labels: { "pod-security.kubernetes.io/enforce": "restricted" } } : {}),
      },
    });
  }
  for (let s = 0; s < size.serviceAccounts; s++) {
    const ns = `ns-${s % namespaces}`;
    objects.push({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: `sa-${s}`, namespace: ns },
    });
    objects.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: `app-${s}`, namespace: ns },
      spec: {
        template: {
          spec: { serviceAccountName: `sa-${s}`, containers: [{ name: "app", image: "app:1" }] },
        },
      },
    });
    if (s % 50 === 0) {
      objects.push({
        apiVersion: "v1",
        kind: "Secret",
        type: "kubernetes.io/service-account-token",
        metadata: {
          name: `sa-${s}-token`,
          namespace: ns,
          annotations: { "kubernetes.io/service-account.name": `sa-${s}` },
        },
      });
    }
  }
  for (let r = 0; r < roles; r++) {
    objects.push({
      apiVersion: API,
      kind: "Role",
      metadata: { name: `role-${r}`, namespace: `ns-${r % namespaces}` },
      rules: Array.from({ length: rulesPerRole }, rule),
    });
  }
  const rolesPerNamespace = Math.max(1, Math.floor(roles / namespaces));
  for (let b = 0; b < roleBindings; b++) {
    const n = b % namespaces;
    const toCluster = next() < 0.3 || roles === 0;
    const roleIndex = n + namespaces * Math.floor(next() * rolesPerNamespace);
    const subject =
      next() < 0.85
        ? { kind: "ServiceAccount", name: `sa-${n + namespaces * Math.floor(next() * 10)}` }
        : next() < 0.5
          ? { kind: "User", name: `user-${Math.floor(next() * 2000)}` }
          : { kind: "Group", name: `team-${Math.floor(next() * 200)}` };
    objects.push({
      apiVersion: API,
      kind: "RoleBinding",
      metadata: { name: `rb-${b}`, namespace: `ns-${n}` },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: toCluster ? "ClusterRole" : "Role",
        name: toCluster ? `cr-${Math.floor(next() * clusterRoles)}` : `role-${roleIndex}`,
      },
      subjects: [subject],
    });
  }
  for (let b = 0; b < clusterBindings; b++) {
    const subject =
      next() < 0.5
        ? { kind: "User", name: `user-${Math.floor(next() * 2000)}` }
        : next() < 0.5
          ? { kind: "Group", name: `team-${Math.floor(next() * 200)}` }
          : {
              kind: "ServiceAccount",
              name: `sa-${Math.floor(next() * size.serviceAccounts)}`,
              namespace: `ns-${Math.floor(next() * namespaces)}`,
            };
    objects.push({
      apiVersion: API,
      kind: "ClusterRoleBinding",
      metadata: { name: `crb-${b}` },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: `cr-${Math.floor(next() * clusterRoles)}`,
      },
      subjects: [subject],
    });
  }
  return objects;
}
