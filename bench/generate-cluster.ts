// Synthetic clusters of realistic shape for benchmarks: namespaces of applications, each a
// Deployment with its Service, ServiceAccount, ConfigMap, Secret, NetworkPolicy, Role,
// RoleBinding, Ingress and an autoscaler (a kind no control reads). Deterministic per seed.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";

/** Objects per application; `objects / OBJECTS_PER_APP` applications are generated. */
export const OBJECTS_PER_APP = 10;
const APPS_PER_NAMESPACE = 20;

/** A small deterministic PRNG (mulberry32), so that every run scans the same cluster. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function appObjects(ns: string, app: string, next: () => number): object[] {
  const labels = {
    "app.kubernetes.io/name": app,
    "app.kubernetes.io/part-of": ns,
    tier: next() < 0.5 ? "web" : "backend",
  };
  const hardened = next() < 0.6;
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: app, namespace: ns, labels },
      spec: {
        replicas: 1 + Math.floor(next() * 5),
        selector: { matchLabels: { "app.kubernetes.io/name": app } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: app,
            automountServiceAccountToken: hardened ? false : undefined,
            securityContext: hardened
              ? { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }
              : undefined,
            containers: [
              {
                name: app,
                image: `registry.example.com/${ns}/${app}:${hardened ? "1.4.2" : "latest"}`,
                ports: [{ name: "http", containerPort: 8080 }],
                env: [{ name: "LOG_LEVEL", value: "info" }],
                securityContext: hardened
                  ? {
                      allowPrivilegeEscalation: false,
                      readOnlyRootFilesystem: true,
                      capabilities: { drop: ["ALL"] },
                    }
                  : { privileged: next() < 0.05 },
                resources: hardened ? { limits: { cpu: "500m", memory: "256Mi" } } : undefined,
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: app, namespace: ns },
      spec: {
        selector: { "app.kubernetes.io/name": app },
        ports: [{ port: 80, targetPort: "http" }],
      },
    },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: app, namespace: ns } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `${app}-config`, namespace: ns },
      data: { "app.properties": `feature.x=${next() < 0.5}\nendpoint=http://${app}` },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: `${app}-credentials`, namespace: ns },
      type: "Opaque",
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `${app}-ingress`, namespace: ns },
      spec: {
        podSelector: { matchLabels: { "app.kubernetes.io/name": app } },
        ingress: [
          { from: [{ podSelector: { matchLabels: { tier: "web" } } }], ports: [{ port: 8080 }] },
        ],
      },
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: app, namespace: ns },
      rules: [
        {
          apiGroups: [""],
          resources: ["configmaps"],
          verbs: ["get", "watch"],
          resourceNames: [`${app}-config`],
        },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: app, namespace: ns },
      subjects: [{ kind: "ServiceAccount", name: app, namespace: ns }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: app },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: app, namespace: ns },
      spec: {
        rules: [
          {
            host: `${app}.${ns}.example.com`,
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: app, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: app, namespace: ns },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: app },
        minReplicas: 1,
        maxReplicas: 10,
      },
    },
  ];
}

/** Writes a cluster of about `objects` objects to `dir`, one multi-document file per namespace. */
export async function writeCluster(dir: string, objects: number, seed = 42): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const next = random(seed);
  const apps = Math.max(1, Math.round(objects / OBJECTS_PER_APP));
  let written = 0;
  for (let start = 0; start < apps; start += APPS_PER_NAMESPACE) {
    const ns = `team-${String(start / APPS_PER_NAMESPACE).padStart(4, "0")}`;
    const docs: object[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }];
    for (let index = start; index < Math.min(apps, start + APPS_PER_NAMESPACE); index += 1) {
      docs.push(...appObjects(ns, `app-${index}`, next));
    }
    written += docs.length;
    await writeFile(join(dir, `${ns}.yaml`), docs.map((doc) => stringify(doc)).join("---\n"));
  }
  return written;
}
