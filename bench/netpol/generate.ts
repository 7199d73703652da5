// Synthetic clusters for the network benchmark, of realistic shape: namespaces of applications
// whose replicas share labels and ports; per namespace a default deny, allow rules between
// tiers, monitoring and ingress-controller access, DNS egress and internet egress with an
// except for the cluster range. Deterministic per seed.

/** A small deterministic PRNG (mulberry32). */
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

const PODS_PER_NAMESPACE = 100;
const TIERS = ["web", "api", "worker", "db"] as const;

export interface GeneratedCluster {
  readonly objects: Record<string, unknown>[];
  readonly pods: number;
  readonly policies: number;
}

/** `pods` bare Pods with IPs (replicas of apps) and about `policies` NetworkPolicies. */
export function generateNetpolCluster(pods: number, policies: number, seed = 1): GeneratedCluster {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const namespaces = Math.max(1, Math.round(pods / PODS_PER_NAMESPACE));
  const policiesPerNamespace = Math.max(1, Math.round(policies / namespaces));
  const objects: Record<string, unknown>[] = [];
  let podCount = 0;
  let policyCount = 0;
  const nsName = (i: number): string => (i === 0 ? "kube-system" : `team-${i}`);
  for (let n = 0; n < namespaces; n += 1) {
    const ns = nsName(n);
    const team = `t${n % 7}`;
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { team, env: next() < 0.5 ? "prod" : "dev" } },
    });
    const apps: { name: string; tier: string }[] = [];
    let inNamespace = 0;
    while (inNamespace < PODS_PER_NAMESPACE && podCount < pods) {
      const app = {
        name: `app-${apps.length}`,
        tier: n === 0 && apps.length === 0 ? "dns" : pick(TIERS),
      };
      apps.push(app);
      const replicas = 1 + Math.floor(next() * 5);
      for (let r = 0; r < replicas && inNamespace < PODS_PER_NAMESPACE && podCount < pods; r += 1) {
        const ip = `10.${(podCount >> 16) & 255}.${(podCount >> 8) & 255}.${podCount & 255}`;
        objects.push(podOf(ns, app, r, ip, app.tier === "dns" ? "dns" : undefined));
        podCount += 1;
        inNamespace += 1;
      }
    }
    const tiersHere = [...new Set(apps.map((app) => app.tier))];
    for (let p = 0; p < policiesPerNamespace && policyCount < policies; p += 1) {
      objects.push(policyOf(ns, p, tiersHere, apps, pick, next));
      policyCount += 1;
    }
  }
  return { objects, pods: podCount, policies: policyCount };
}

function podOf(
  ns: string,
  app: { name: string; tier: string },
  replica: number,
  ip: string,
  dns?: string,
): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${app.name}-${replica}`,
      namespace: ns,
      labels: {
        app: app.name,
        tier: app.tier,
        ...(dns === undefined ? {} : { "k8s-app": "kube-dns" }),
      },
    },
    spec: {
      containers: [
        {
          name: app.name,
          image: `registry.example.com/${app.name}:1.0`,
          ports: [
            { name: "http", containerPort: 8080 },
            { name: "metrics", containerPort: 9090 },
            ...(dns === undefined ? [] : [{ name: "dns", containerPort: 53, protocol: "UDP" }]),
          ],
        },
      ],
    },
    status: { podIP: ip, podIPs: [{ ip }] },
  };
}

function policyOf(
  ns: string,
  index: number,
  tiers: readonly string[],
  apps: readonly { name: string; tier: string }[],
  pick: <T>(items: readonly T[]) => T,
  next: () => number,
): Record<string, unknown> {
  const metadata = { name: `np-${index}`, namespace: ns };
  const base = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata };
  const kind = index === 0 ? "deny" : index === 1 ? "dns" : Math.floor(next() * 5);
  const tier = (): { matchLabels: Record<string, string> } => ({
    matchLabels: { tier: pick(tiers) },
  });
  switch (kind) {
    case "deny": {
      // A third of the namespaces deny ingress only, a third both ways, a third nothing.
      const shape = Math.floor(next() * 3);
      const policyTypes = shape === 0 ? ["Ingress"] : ["Ingress", "Egress"];
      if (shape === 2) return { ...base, spec: { podSelector: tier(), ingress: [{}] } };
      return { ...base, spec: { podSelector: {}, policyTypes } };
    }
    case "dns":
      return {
        ...base,
        spec: {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [
            {
              to: [
                {
                  namespaceSelector: {
                    matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
                  },
                  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                },
              ],
              ports: [
                { port: 53, protocol: "UDP" },
                { port: 53, protocol: "TCP" },
              ],
            },
          ],
        },
      };
    case 0:
      return {
        ...base,
        spec: {
          podSelector: tier(),
          ingress: [{ from: [{ podSelector: tier() }], ports: [{ port: "http" }] }],
        },
      };
    case 1:
      return {
        ...base,
        spec: {
          podSelector: { matchLabels: { app: pick(apps).name } },
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { team: `t${Math.floor(next() * 7)}` } },
                  podSelector: tier(),
                },
              ],
              ports: [{ port: 8080 }],
            },
          ],
        },
      };
    case 2:
      return {
        ...base,
        spec: {
          podSelector: {},
          ingress: [
            {
              from: [
                {
                  namespaceSelector: {
                    matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
                  },
                },
              ],
              ports: [{ port: "metrics" }],
            },
          ],
        },
      };
    case 3:
      return {
        ...base,
        spec: {
          podSelector: tier(),
          policyTypes: ["Egress"],
          egress: [
            {
              to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }],
              ports: [{ port: 443 }],
            },
          ],
        },
      };
    default:
      return {
        ...base,
        spec: {
          podSelector: tier(),
          policyTypes: ["Ingress", "Egress"],
          ingress: [
            {
              from: [
                {
                  podSelector: {
                    matchExpressions: [
                      { key: "tier", operator: "In", values: [pick(tiers), pick(tiers)] },
                    ],
                  },
                },
              ],
            },
          ],
          egress: [{ to: [{ podSelector: tier() }], ports: [{ port: 8000, endPort: 8100 }] }],
        },
      };
  }
}
