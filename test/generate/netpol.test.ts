import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildNetpolEngine } from "../../src/engines/netpol/engine.ts";
import { buildInventory, type LoadedObject } from "../../src/model/inventory.ts";
import type { KubeObject } from "../../src/model/kube-object.ts";
import { generateNetpol, DEFAULT_INGRESS_CONTROLLER } from "../../src/generate/netpol/generate.ts";
import { readFlowFile } from "../../src/sources/flows/read-flows.ts";
import { parseIntents } from "../../src/sources/flows/intents.ts";
import { loadSources } from "../../src/sources/index.ts";

const dir = "test/fixtures/generate/netpol";
const manifests = async (): Promise<readonly LoadedObject[]> =>
  (await loadSources([`${dir}/shop.yaml`], {})).objects;

const policy = (objects: readonly KubeObject[], name: string) =>
  objects.find((object) => object.metadata.name === name);

describe("generate netpol from generic flows", () => {
  it("allows each observed connection, DNS and nothing else, and proves it", async () => {
    const batch = await readFlowFile(`${dir}/flows.jsonl`);
    // The repeated api -> db record is one connection.
    expect(batch.records).toBe(6);
    expect(batch.flows).toHaveLength(5);
    const result = generateNetpol({
      existing: await manifests(),
      flows: batch.flows,
      intents: [],
      target: "kubernetes",
    });
    // The ghost pod is not in the manifests: said, with the line.
    expect(result.rejected.map((r) => r.where)).toEqual([`${dir}/flows.jsonl:6`]);
    expect(result.rejected[0]?.reason).toContain("pod shop/ghost is not in the manifests");
    expect(result.objects.map((o) => o.metadata.name)).toEqual([
      "tenet-default-deny",
      "tenet-allow-dns",
      "tenet-api",
      "tenet-db",
      "tenet-frontend",
    ]);
    // The flow to the Service ClusterIP becomes the backend's target port after DNAT.
    expect(policy(result.objects, "tenet-api")?.["spec"]).toEqual({
      podSelector: { matchLabels: { app: "api" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: "frontend" } } }],
          ports: [{ protocol: "TCP", port: 9090 }],
        },
      ],
      egress: [
        { to: [{ ipBlock: { cidr: "203.0.113.7/32" } }], ports: [{ protocol: "TCP", port: 443 }] },
        {
          to: [{ podSelector: { matchLabels: { app: "db" } } }],
          ports: [{ protocol: "TCP", port: 5432 }],
        },
      ],
    });
    expect(result.proof.failures).toEqual([]);
    expect(result.proof.checked).toBe(4);
    // Only the replicas of a Deployment still reach each other (a template stands for them all).
    expect(result.proof.residual).toEqual([]);
    expect(result.proof.removed.length).toBeGreaterThan(0);
    expect(result.proof.removed).toContainEqual(
      expect.objectContaining({ from: "shop/frontend", to: "shop/db" }),
    );
  });

  it("reports a connection the existing policies still deny as a proof failure", async () => {
    const denyAll: KubeObject = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "deny-db", namespace: "shop" },
      spec: {
        endpointSelector: { matchLabels: { app: "db" } },
        ingressDeny: [{ fromEndpoints: [{}] }],
      },
    };
    const result = generateNetpol({
      existing: [...(await manifests()), { object: denyAll, location: { file: "deny.yaml" } }],
      flows: (await readFlowFile(`${dir}/flows.jsonl`)).flows,
      intents: [],
      target: "kubernetes",
    });
    expect(result.proof.failures.map((f) => f.connection)).toEqual([
      "shop/api -> shop/db TCP/5432",
    ]);
  });

  it("reads CSV and Hubble exports to the same connections", async () => {
    const csv = await readFlowFile(`${dir}/flows.csv`);
    expect(csv.rejected).toEqual([
      { where: `${dir}/flows.csv:5`, reason: "dst_port is missing or not 1-65535" },
    ]);
    expect(csv.flows[1]).toMatchObject({
      protocol: "TCP",
      port: 5432,
      src: { namespace: "shop", pod: "api" },
    });
    const hubble = await readFlowFile(`${dir}/hubble.jsonl`);
    expect(hubble.skipped).toEqual({ reply: 1, "verdict DROPPED": 1 });
    expect(hubble.rejected).toHaveLength(1);
    const result = generateNetpol({
      existing: await manifests(),
      flows: hubble.flows,
      intents: [],
      target: "kubernetes",
    });
    expect(result.rejected).toEqual([]);
    expect(
      result.edges.map((e) => `${e.src.kind}->${e.dst.kind}:${e.port}:${e.dnsNames.join()}`),
    ).toEqual(["group->group:9090:", "group->cidr:443:api.stripe.com"]);
    expect(result.proof.failures).toEqual([]);
  });
});

describe("generate netpol from intents and manifests", () => {
  it("resolves Services and Otterize calls, adds the ingress controller, and proves it", async () => {
    const text = await readFile(`${dir}/intents.yaml`, "utf8");
    const parsed = parseIntents(text, "intents.yaml");
    expect(parsed.rejected).toEqual([
      expect.objectContaining({ reason: "type kafka is not a network call Tenet generates for" }),
    ]);
    const result = generateNetpol({
      existing: await manifests(),
      flows: [],
      intents: parsed.intents,
      target: "kubernetes",
      ingressController: DEFAULT_INGRESS_CONTROLLER,
    });
    expect(result.rejected).toEqual([]);
    const frontend = policy(result.objects, "tenet-frontend")?.["spec"] as Record<string, unknown>;
    expect(frontend["ingress"]).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "ingress-nginx" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
    ]);
    expect(result.proof.failures).toEqual([]);
    expect(result.proof.unchecked).toEqual([]);
    expect(result.proof.residual).toEqual([]);
    // The result, applied on its own, also denies what nobody declared.
    const after = buildNetpolEngine(
      buildInventory([
        ...(await manifests()),
        ...result.objects.map((object) => ({ object, location: { file: "gen" } })),
      ]).inventory,
    );
    const frontendPod = after.findPod("shop", "frontend");
    const db = after.findPod("shop", "db");
    expect(frontendPod && db && after.canReach(frontendPod, db, 5432, "TCP").allowed).toBe(false);
  });

  it("picks the smallest stable selector and never a rollout label", async () => {
    const result = generateNetpol({
      existing: await manifests(),
      flows: [],
      intents: parseIntents(await readFile(`${dir}/intents.yaml`, "utf8"), "i.yaml").intents,
      target: "kubernetes",
    });
    const selectors = result.plans.flatMap((plan) => plan.workloads.map((w) => w.group.selector));
    expect(selectors).toEqual([{ app: "api" }, { app: "db" }, { app: "frontend" }]);
  });
});

describe("generate netpol for Cilium, Calico and Istio", () => {
  const run = async (target: "cilium" | "calico" | "istio") =>
    generateNetpol({
      existing: await manifests(),
      flows: (await readFlowFile(`${dir}/flows.jsonl`)).flows,
      intents: [],
      target,
      ingressController: DEFAULT_INGRESS_CONTROLLER,
    });

  it("writes toFQDNs where DNS names were seen, and the engine proves the rest", async () => {
    const result = await run("cilium");
    const api = policy(result.objects, "tenet-api")?.["spec"] as Record<string, unknown>;
    expect(api["endpointSelector"]).toEqual({ matchLabels: { "k8s:app": "api" } });
    expect(api["egress"]).toContainEqual({
      toFQDNs: [{ matchName: "api.stripe.com" }],
      toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }],
    });
    expect(result.proof.unchecked.map((u) => u.connection)).toEqual([
      "shop/api -> 203.0.113.7/32 TCP/443",
    ]);
    expect(result.proof.checked).toBe(4);
    expect(result.proof.failures).toEqual([]);
    expect(result.proof.residual).toEqual([]);
  });

  it("writes Calico policies the engine proves", async () => {
    const result = await run("calico");
    expect(result.objects.every((o) => o.apiVersion === "projectcalico.org/v3")).toBe(true);
    expect(policy(result.objects, "tenet-db")?.["spec"]).toEqual({
      selector: "app == 'db'",
      types: ["Ingress"],
      ingress: [
        {
          action: "Allow",
          protocol: "TCP",
          source: { selector: "app == 'api'" },
          destination: { ports: [5432] },
        },
      ],
    });
    expect(result.proof.checked).toBe(5);
    expect(result.proof.failures).toEqual([]);
    expect(result.proof.residual).toEqual([]);
  });

  it("writes STRICT mTLS and AuthorizationPolicies by ServiceAccount principal", async () => {
    const result = await run("istio");
    expect(result.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "PeerAuthentication/tenet-strict-mtls",
      "AuthorizationPolicy/tenet-allow-nothing",
      "AuthorizationPolicy/tenet-api",
      "AuthorizationPolicy/tenet-db",
      "AuthorizationPolicy/tenet-frontend",
    ]);
    expect(policy(result.objects, "tenet-api")?.["spec"]).toEqual({
      selector: { matchLabels: { app: "api" } },
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: ["cluster.local/ns/shop/sa/frontend"] } }],
          to: [{ operation: { ports: ["9090"] } }],
        },
      ],
    });
    // The engine does not judge Istio: nothing is claimed proven.
    expect(result.proof.checked).toBe(0);
    expect(result.proof.unchecked).toHaveLength(5);
  });
});

describe("policy names", () => {
  it("stay unique when two workloads of a namespace share a name", () => {
    const object = (
      kind: string,
      labels: Record<string, string>,
      extra: Record<string, unknown>,
    ) => ({
      object: {
        apiVersion: kind === "Pod" ? "v1" : "apps/v1",
        kind,
        metadata: { name: "web", namespace: "shop", ...(kind === "Pod" ? { labels } : {}) },
        ...extra,
      },
      location: { file: "m.yaml" },
    });
    const existing = [
      object(
        "Pod",
        { app: "legacy" },
        { spec: { containers: [] }, status: { podIP: "10.0.0.9", podIPs: [{ ip: "10.0.0.9" }] } },
      ),
      object(
        "Deployment",
        {},
        { spec: { template: { metadata: { labels: { app: "web" } }, spec: { containers: [] } } } },
      ),
    ];
    const result = generateNetpol({
      existing,
      flows: [
        {
          src: { ip: "10.0.0.9" },
          dst: { namespace: "shop", pod: "web" },
          port: 80,
          protocol: "TCP",
          dnsNames: [],
          where: "f:1",
        },
      ],
      intents: [],
      target: "kubernetes",
    });
    const names = result.objects.map((o) => o.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith("tenet-web"))).toHaveLength(2);
    expect(result.proof.failures).toEqual([]);
  });
});
