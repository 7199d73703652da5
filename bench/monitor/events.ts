// A realistic audit event mix: mostly the control plane's and workloads' reads and lease renewals,
// some people's writes with pod specs and RBAC, a little of what the rules look for.
import { eventList } from "../../test/monitor/audit-log.ts";

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T;

function base(index: number, fields: Record<string, unknown>): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 10, 27, 10, 0, 0) + index * 2).toISOString();
  return {
    apiVersion: "audit.k8s.io/v1",
    kind: "Event",
    level: "Metadata",
    auditID: `bench-${index}`,
    stage: "ResponseComplete",
    // Each identity keeps its address, as pods do.
    sourceIPs: [`10.0.${index % 5}.${(index >> 3) % 5}`],
    userAgent: "kube-controller-manager/v1.34.0",
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" },
    ...fields,
  };
}

const NAMESPACES = ["shop", "payments", "search", "kube-system", "monitoring"];
const ACCOUNTS = ["api", "worker", "frontend", "prometheus", "fluent-bit"];

/** The `index`-th event of the mix (deterministic). */
export function mixedEvent(index: number): Record<string, unknown> {
  const ns = pick(NAMESPACES, index);
  const sa = `system:serviceaccount:${ns}:${pick(ACCOUNTS, index >> 3)}`;
  const slot = index % 100;
  if (slot < 30)
    return base(index, {
      verb: "update",
      requestURI: `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler`,
      user: { username: "system:kube-scheduler", groups: ["system:authenticated"] },
      objectRef: {
        resource: "leases",
        namespace: "kube-system",
        name: "kube-scheduler",
        apiGroup: "coordination.k8s.io",
        apiVersion: "v1",
      },
    });
  if (slot < 60)
    return base(index, {
      verb: pick(["get", "list", "watch"], index),
      requestURI: `/api/v1/namespaces/${ns}/configmaps`,
      user: { username: sa, groups: ["system:serviceaccounts", "system:authenticated"] },
      objectRef: {
        resource: pick(["configmaps", "pods", "endpoints", "services"], index),
        namespace: ns,
        apiVersion: "v1",
      },
    });
  if (slot < 75)
    return base(index, {
      level: "RequestResponse",
      verb: "create",
      requestURI: `/api/v1/namespaces/${ns}/pods`,
      user: {
        username: "system:serviceaccount:kube-system:replicaset-controller",
        groups: ["system:serviceaccounts"],
      },
      objectRef: { resource: "pods", namespace: ns, name: `web-${index}`, apiVersion: "v1" },
      requestObject: {
        kind: "Pod",
        spec: {
          containers: [
            { name: "app", image: "shop/api:1.4", securityContext: { runAsNonRoot: true } },
          ],
        },
      },
      responseStatus: { metadata: {}, code: 201 },
    });
  if (slot < 85)
    return base(index, {
      level: "Request",
      verb: "patch",
      requestURI: `/apis/apps/v1/namespaces/${ns}/deployments/api`,
      user: {
        username: `dev-${index % 7}@example.com`,
        groups: ["developers", "system:authenticated"],
      },
      userAgent: "kubectl/v1.34.0",
      objectRef: {
        resource: "deployments",
        namespace: ns,
        name: "api",
        apiGroup: "apps",
        apiVersion: "v1",
      },
      requestObject: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: "app",
                  image: `shop/api:1.${index % 9}`,
                  securityContext: { privileged: slot === 84 },
                },
              ],
              volumes:
                slot === 83 ? [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }] : [],
            },
          },
        },
      },
    });
  if (slot < 90)
    return base(index, {
      verb: "get",
      requestURI: `/api/v1/namespaces/${ns}/secrets/db`,
      user: { username: slot === 89 ? "alice@example.com" : sa, groups: ["system:authenticated"] },
      objectRef: { resource: "secrets", namespace: ns, name: "db", apiVersion: "v1" },
    });
  if (slot < 93)
    return base(index, {
      level: "Request",
      verb: "create",
      requestURI: "/apis/rbac.authorization.k8s.io/v1/namespaces/shop/rolebindings",
      user: { username: "ci-deployer", groups: ["system:authenticated"] },
      objectRef: {
        resource: "rolebindings",
        namespace: ns,
        name: `rb-${index}`,
        apiGroup: "rbac.authorization.k8s.io",
        apiVersion: "v1",
      },
      requestObject: {
        roleRef: { kind: "ClusterRole", name: slot === 92 ? "cluster-admin" : "view" },
        subjects: [],
      },
      responseStatus: { metadata: {}, code: 201 },
    });
  if (slot < 96)
    return base(index, {
      verb: "create",
      requestURI: `/api/v1/namespaces/${ns}/pods/web/exec?command=sh`,
      user: { username: "alice@example.com", groups: ["system:authenticated"] },
      objectRef: {
        resource: "pods",
        subresource: "exec",
        namespace: ns,
        name: "web",
        apiVersion: "v1",
      },
      responseStatus: { metadata: {}, code: 101 },
    });
  return base(index, {
    verb: "list",
    requestURI: "/api/v1/secrets",
    user: { username: `probe-${index % 3}`, groups: ["system:authenticated"] },
    objectRef: { resource: "secrets", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 403 },
    annotations: { "authorization.k8s.io/decision": "forbid" },
  });
}

/** `count` EventList bodies of `size` events each, starting at event `from`. */
export function batches(from: number, count: number, size: number): string[] {
  return Array.from({ length: count }, (_, batch) =>
    JSON.stringify(
      eventList(
        Array.from({ length: size }, (_, index) => mixedEvent(from + batch * size + index)),
      ),
    ),
  );
}
