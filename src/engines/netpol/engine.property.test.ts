import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import {
  referenceAllows,
  referencePods,
} from "../../../test/fixtures/netpol/reference-evaluator.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { hasConn, isEmptyConns, type Protocol } from "./conn-set.ts";
import { buildNetpolEngine } from "./engine.ts";
import { reachSummary } from "./reach.ts";

// Random clusters over small alphabets, so that selectors, ports and CIDRs collide often.

const NAMESPACES = ["a", "b", "c"] as const;
const PROBES: readonly (readonly [number, Protocol])[] = [
  [53, "UDP"],
  [53, "TCP"],
  [80, "TCP"],
  [85, "TCP"],
  [8080, "TCP"],
  [9090, "TCP"],
  [80, "SCTP"],
];

const labelMap = fc.record(
  { app: fc.constantFrom("web", "db", "api"), tier: fc.constantFrom("front", "back") },
  { requiredKeys: [] },
);

const selector = fc.record(
  {
    matchLabels: labelMap,
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key: fc.constantFrom("app", "tier", "team"),
          operator: fc.constantFrom("In", "NotIn"),
          values: fc.uniqueArray(fc.constantFrom("web", "db", "front", "x", "y"), {
            minLength: 1,
            maxLength: 2,
          }),
        }),
        fc.record({
          key: fc.constantFrom("app", "tier", "team"),
          operator: fc.constantFrom("Exists", "DoesNotExist"),
        }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

const namespaceSelector = fc.oneof(
  selector,
  fc.constantFrom("a", "b").map((name) => ({
    matchLabels: { "kubernetes.io/metadata.name": name },
  })),
);

const peer = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector }),
  fc.record({ podSelector: selector, namespaceSelector }),
  fc.record(
    {
      ipBlock: fc.record(
        {
          cidr: fc.constantFrom("10.0.0.0/16", "10.0.1.0/24", "0.0.0.0/0", "10.0.0.2/31"),
          except: fc.constantFrom(["10.0.1.0/30"], ["10.0.0.0/24"]),
        },
        { requiredKeys: ["cidr"] },
      ),
    },
    { requiredKeys: ["ipBlock"] },
  ),
);

const port = fc.oneof(
  fc.record({ protocol: fc.constantFrom("TCP", "UDP", "SCTP") }, { requiredKeys: [] }),
  fc.record(
    { protocol: fc.constantFrom("TCP", "UDP"), port: fc.constantFrom(53, 80, 8080, "http", "dns") },
    { requiredKeys: ["port"] },
  ),
  fc.record({ port: fc.constant(80), endPort: fc.constantFrom(80, 90) }),
);

const rule = (peers: "from" | "to") =>
  fc.record(
    {
      [peers]: fc.array(peer, { maxLength: 2 }),
      ports: fc.array(port, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );

const policy = fc.record(
  {
    namespace: fc.constantFrom(...NAMESPACES),
    podSelector: selector,
    policyTypes: fc.subarray(["Ingress", "Egress"]),
    ingress: fc.array(rule("from"), { maxLength: 2 }),
    egress: fc.array(rule("to"), { maxLength: 2 }),
  },
  { requiredKeys: ["namespace"] },
);

const containerPorts = fc.subarray([
  { name: "http", containerPort: 80 },
  { name: "http", containerPort: 8080, protocol: "UDP" },
  { name: "dns", containerPort: 53, protocol: "UDP" },
  { name: "metrics", containerPort: 9090 },
]);

const pod = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  bare: fc.boolean(),
  labels: labelMap,
  ip: fc.option(fc.constantFrom("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.1.1", "10.0.1.9"), {
    nil: undefined,
  }),
  hostNetwork: fc.constantFrom(false, false, false, true),
  ports: containerPorts,
  sidecarPorts: fc.subarray([{ name: "dns", containerPort: 5353, protocol: "UDP" }]),
});

const namespaceLabels = fc.array(
  fc.record({ team: fc.constantFrom("x", "y") }, { requiredKeys: [] }),
  {
    minLength: 3,
    maxLength: 3,
  },
);
const cluster = fc.record({
  namespaceLabels,
  pods: fc.array(pod, { minLength: 1, maxLength: 7 }),
  policies: fc.array(policy, { maxLength: 5 }),
});

// Enough classes to span several 32-bit words, so word and block boundaries are crossed.
const largeCluster = fc.record({
  namespaceLabels,
  pods: fc.array(pod, { minLength: 40, maxLength: 90 }),
  policies: fc.array(policy, { maxLength: 8 }),
});

type Cluster = typeof cluster extends fc.Arbitrary<infer T> ? T : never;

const adminPeer = fc.oneof(
  fc.record({ namespaces: namespaceSelector }),
  fc.record({ pods: fc.record({ namespaceSelector, podSelector: selector }) }),
);
const adminPort = fc.oneof(
  fc.record({
    portNumber: fc.record({
      protocol: fc.constantFrom("TCP", "UDP"),
      port: fc.constantFrom(53, 80),
    }),
  }),
  fc.record({ namedPort: fc.constantFrom("http", "dns") }),
  fc.record({ portRange: fc.record({ start: fc.constant(80), end: fc.constantFrom(85, 9090) }) }),
);
const adminRule = (actions: readonly string[], peers: "from" | "to") =>
  fc.record(
    {
      action: fc.constantFrom(...actions),
      [peers]: fc.array(adminPeer, { minLength: 1, maxLength: 2 }),
      ports: fc.array(adminPort, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ["action", peers] },
  );
const adminSubject = fc.oneof(
  fc.record({ namespaces: namespaceSelector }),
  fc.record({ pods: fc.record({ namespaceSelector, podSelector: selector }) }),
);
const admins = fc.record({
  anps: fc.array(
    fc.record({
      priority: fc.constantFrom(1, 2, 5),
      subject: adminSubject,
      ingress: fc.array(adminRule(["Allow", "Deny", "Pass"], "from"), { maxLength: 2 }),
      egress: fc.array(adminRule(["Allow", "Deny", "Pass"], "to"), { maxLength: 2 }),
    }),
    { maxLength: 2 },
  ),
  banp: fc.option(
    fc.record({
      subject: adminSubject,
      ingress: fc.array(adminRule(["Allow", "Deny"], "from"), { maxLength: 2 }),
      egress: fc.array(adminRule(["Allow", "Deny"], "to"), { maxLength: 2 }),
    }),
    { nil: undefined },
  ),
});
type Admins = typeof admins extends fc.Arbitrary<infer T> ? T : never;

function adminObjectsOf(generated: Admins): KubeObject[] {
  const group = "policy.networking.k8s.io/v1alpha1";
  return [
    ...generated.anps.map((spec, index) => ({
      apiVersion: group,
      kind: "AdminNetworkPolicy",
      metadata: { name: `anp${index}` },
      spec,
    })),
    ...(generated.banp === undefined
      ? []
      : [
          {
            apiVersion: group,
            kind: "BaselineAdminNetworkPolicy",
            metadata: { name: "default" },
            spec: generated.banp,
          },
        ]),
  ];
}

function objectsOf(generated: Cluster): KubeObject[] {
  const namespaces = NAMESPACES.map((name, index) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: generated.namespaceLabels[index] ?? {} },
  }));
  const pods = generated.pods.map((p, index): KubeObject => {
    const spec = {
      hostNetwork: p.hostNetwork,
      initContainers: [{ name: "sidecar", restartPolicy: "Always", ports: p.sidecarPorts }],
      containers: [{ name: "app", ports: p.ports }],
    };
    const metadata = { name: `p${index}`, namespace: p.namespace, labels: p.labels };
    return p.bare
      ? {
          apiVersion: "v1",
          kind: "Pod",
          metadata,
          spec,
          ...(p.ip === undefined ? {} : { status: { podIP: p.ip } }),
        }
      : {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: `p${index}`, namespace: p.namespace },
          spec: { template: { metadata: { labels: p.labels }, spec } },
        };
  });
  const policies = generated.policies.map(({ namespace, ...spec }, index) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: `np${index}`, namespace },
    spec,
  }));
  return [...namespaces, ...pods, ...policies];
}

function agrees(objects: KubeObject[], ipBlockMatchesPodIps: boolean): void {
  const engine = buildNetpolEngine(inventoryOf(...objects), { ipBlockMatchesPodIps });
  expect(engine.diagnostics).toEqual([]);
  const reference = referencePods(objects);
  expect(engine.pods.map((p) => p.name)).toEqual(reference.map((p) => p.name));
  const { classOf } = engine.classIndex;
  for (const [i, from] of engine.pods.entries()) {
    const row = engine.classRow(classOf[from.index] ?? -1);
    for (const [j, to] of engine.pods.entries()) {
      const conns = engine.allowedConns(from, to);
      if (from !== to || !from.isBarePod) {
        expect(row[classOf[to.index] ?? -1], "matrix row").toEqual(conns);
      }
      for (const [number, protocol] of PROBES) {
        const source = reference[i];
        const target = reference[j];
        if (source === undefined || target === undefined) throw new Error("pods differ");
        const expected = referenceAllows(objects, source, target, number, protocol, {
          ipBlockMatchesPodIps,
        });
        const where = `${from.name} -> ${to.name} ${protocol}/${number}`;
        expect(engine.canReach(from, to, number, protocol).allowed, where).toBe(expected);
        expect(hasConn(conns, protocol, number), `${where} (matrix)`).toBe(expected);
      }
    }
  }
}

describe("netpol engine against the naive reference evaluator", () => {
  for (const ipBlockMatchesPodIps of [true, false]) {
    it(`agrees on every pair and probe port (ipBlock matches pod IPs: ${ipBlockMatchesPodIps})`, () => {
      fc.assert(
        fc.property(cluster, (generated) => agrees(objectsOf(generated), ipBlockMatchesPodIps)),
        { numRuns: 200 },
      );
    });
  }

  it("agrees with admin and baseline tiers over NetworkPolicy", () => {
    fc.assert(
      fc.property(cluster, admins, (generated, tiers) =>
        agrees([...objectsOf(generated), ...adminObjectsOf(tiers)], true),
      ),
      { numRuns: 200 },
    );
  });

  it("summaries (reach counts, namespaces reached and reaching) equal their pairwise definitions", () => {
    fc.assert(
      fc.property(cluster, fc.boolean(), (generated, ipBlockMatchesPodIps) =>
        summariesAgree(objectsOf(generated), ipBlockMatchesPodIps),
      ),
      { numRuns: 300 },
    );
  });

  it("summaries equal their pairwise definitions over clusters of many classes", () => {
    fc.assert(
      fc.property(largeCluster, fc.boolean(), (generated, ipBlockMatchesPodIps) => {
        const objects = objectsOf(generated);
        summariesAgree(objects, ipBlockMatchesPodIps);
      }),
      { numRuns: 25 },
    );
  });

  it("summaries equal their pairwise definitions with admin and baseline tiers", () => {
    fc.assert(
      fc.property(cluster, admins, (generated, tiers) =>
        summariesAgree([...objectsOf(generated), ...adminObjectsOf(tiers)], true),
      ),
      { numRuns: 100 },
    );
  });
});

/** The naive definitions, pod pair by pod pair, against the bitset summaries. */
function summariesAgree(objects: KubeObject[], ipBlockMatchesPodIps: boolean): void {
  const engine = buildNetpolEngine(inventoryOf(...objects), { ipBlockMatchesPodIps });
  const summary = reachSummary(engine);
  const reaches = (from: number, to: number): boolean => {
    const source = engine.pods[from];
    const target = engine.pods[to];
    if (source === undefined || target === undefined) throw new Error("no such pod");
    return from !== to && !isEmptyConns(engine.allowedConns(source, target));
  };
  const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();
  for (const pod of engine.pods) {
    const others = engine.pods.filter((other) => other.index !== pod.index);
    const reached = others.filter((other) => reaches(pod.index, other.index));
    const reaching = others.filter((other) => reaches(other.index, pod.index));
    const where = `${pod.namespace}/${pod.name}`;
    expect(summary.reachable[pod.index], `${where} reachable`).toBe(reached.length);
    expect(summary.reachesNamespaces(pod.index), `${where} reaches`).toEqual(
      sorted(reached.map((other) => other.namespace)),
    );
    const from = sorted(reaching.map((other) => other.namespace));
    expect(summary.reachedFromNamespaces(pod.index), `${where} reached from`).toEqual(from);
    expect(summary.reachedFromOtherNamespaces[pod.index], `${where} from others`).toBe(
      from.filter((namespace) => namespace !== pod.namespace).length,
    );
  }
}
