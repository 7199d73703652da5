// The latency Tenet adds to a pod create through the real kube-apiserver: N creates without the
// webhooks, then N with Tenet's validating and mutating webhooks registered (by URL, with the
// caBundle), one at a time over a keep-alive connection as the cluster admin. Creates are
// server-side dry runs (`dryRun=All`): the whole admission chain runs, webhooks included, but
// nothing is written to etcd, so the figure is the apiserver's path and not disk latency.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { webhookConfigurations } from "../../src/generate/webhook-configurations.ts";
import type { ControlPlaneInfo } from "../../test/integration/control-plane.ts";

export interface CreateLatency {
  readonly creates: number;
  readonly withoutP50Ms: number;
  readonly withoutP99Ms: number;
  readonly withP50Ms: number;
  readonly withP99Ms: number;
  readonly addedP50Ms: number;
  readonly addedP99Ms: number;
}

interface Reply {
  readonly status: number;
  readonly text: string;
}

export async function podCreateLatency(
  plane: ControlPlaneInfo,
  tenet: { readonly url: string; readonly caPem: string },
  creates: number,
): Promise<CreateLatency> {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 1,
    ca: readFileSync(plane.caCert),
    cert: readFileSync(plane.adminCert),
    key: readFileSync(plane.adminKey),
  });
  const call = (method: string, path: string, body?: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request(
        `${plane.server}${path}`,
        { method, agent, headers: { "content-type": "application/json" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const namespace = `bench-admission-${Date.now()}`;
  const label = { "tenet.dev/bench": namespace };
  await expectStatus(
    call("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: namespace, labels: label },
    }),
    201,
  );
  const podsPath = `/api/v1/namespaces/${namespace}/pods?dryRun=All`;
  const pod = (name: string, privileged = false): unknown => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: {
      containers: [
        {
          name: "app",
          image: "registry.example.com/app:1.0",
          ...(privileged ? { securityContext: { privileged: true } } : {}),
        },
      ],
    },
  });
  // The dry-run create needs the namespace's default ServiceAccount (controller manager).
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if ((await call("POST", podsPath, pod("probe"))).status === 201) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const timeCreates = async (): Promise<number[]> => {
    const times: number[] = [];
    for (let index = 0; index < creates; index += 1) {
      const started = performance.now();
      await expectStatus(call("POST", podsPath, pod(`web-${index}`)), 201);
      times.push(performance.now() - started);
    }
    return times;
  };
  await timeCreates(); // warm-up: connections, caches, JIT
  const without = await timeCreates();
  const configs = webhookConfigurations({
    url: tenet.url,
    caBundlePem: tenet.caPem,
    namespace: "tenet-system",
    failurePolicy: "Fail",
    timeoutSeconds: 5,
  }) as { kind: string; metadata: { name: string }; webhooks: { namespaceSelector: unknown }[] }[];
  const registered: string[] = [];
  try {
    for (const config of configs) {
      config.metadata.name = namespace;
      for (const webhook of config.webhooks) webhook.namespaceSelector = { matchLabels: label };
      const resource = `/apis/admissionregistration.k8s.io/v1/${config.kind.toLowerCase()}s`;
      await expectStatus(call("POST", resource, config), 201);
      registered.push(`${resource}/${namespace}`);
    }
    // The apiserver picks the configurations up from its informer: wait until Tenet answers.
    for (let attempt = 0; attempt < 120; attempt += 1) {
      if ((await call("POST", podsPath, pod("probe", true))).status === 403) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await timeCreates();
    const withWebhooks = await timeCreates();
    const [withoutP50, withoutP99] = [quantile(without, 0.5), quantile(without, 0.99)];
    const [withP50, withP99] = [quantile(withWebhooks, 0.5), quantile(withWebhooks, 0.99)];
    return {
      creates,
      withoutP50Ms: withoutP50,
      withoutP99Ms: withoutP99,
      withP50Ms: withP50,
      withP99Ms: withP99,
      addedP50Ms: round(withP50 - withoutP50),
      addedP99Ms: round(withP99 - withoutP99),
    };
  } finally {
    for (const path of registered) await call("DELETE", path);
    await call("DELETE", `/api/v1/namespaces/${namespace}`);
    agent.destroy();
  }
}

async function expectStatus(reply: Promise<Reply>, status: number): Promise<void> {
  const { status: got, text } = await reply;
  if (got !== status) throw new Error(`expected HTTP ${status}, got ${got}: ${text.slice(0, 300)}`);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
