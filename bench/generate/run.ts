// `npm run bench -- generate`: `tenet generate netpol` from 1M flow records over 10k pods, and
// `tenet generate rbac` from 1M audit events, each from a file on disk to proven output
// (reading, resolving, planning, rendering and the engine's proof). Writes
// bench/generate/results.json and results.md. Inputs are generated deterministically.
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { generateNetpol } from "../../src/generate/netpol/generate.ts";
import { generateRbac } from "../../src/generate/rbac/generate.ts";
import { requestCollector } from "../../src/generate/rbac/requests.ts";
import type { LoadedObject } from "../../src/model/inventory.ts";
import { readAuditRequests } from "../../src/sources/flows/read-audit.ts";
import { readFlowFile } from "../../src/sources/flows/read-flows.ts";

// TENET_BENCH_SCALE=0.1 runs a tenth of the records (a quick check that the bench works).
const SCALE = Number(process.env["TENET_BENCH_SCALE"] ?? "1");
if (!(SCALE > 0)) throw new Error(`TENET_BENCH_SCALE must be a positive number`);
const PODS = 10_000;
const FLOWS = Math.round(1_000_000 * SCALE);
const EVENTS = Math.round(1_000_000 * SCALE);
const NAMESPACES = 100;
const APPS_PER_NAMESPACE = 10;
const REPLICAS = PODS / NAMESPACES / APPS_PER_NAMESPACE;

const dir = mkdtempSync(join(tmpdir(), "tenet-bench-generate-"));
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const mb = (bytes: number) => round(bytes / 1024 / 1024);

async function writeLines(
  path: string,
  count: number,
  line: (index: number) => string,
): Promise<void> {
  const out = createWriteStream(path);
  for (let index = 0; index < count; index++) {
    if (!out.write(`${line(index)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

function podIp(index: number): string {
  return `10.${1 + (index >> 16)}.${(index >> 8) & 255}.${index & 255}`;
}

/** Bare Pods with IPs: 100 namespaces of 10 apps of 10 replicas; app k calls app k+1. */
function cluster(): LoadedObject[] {
  const objects: LoadedObject[] = [];
  for (let index = 0; index < PODS; index++) {
    const ns = Math.floor(index / (PODS / NAMESPACES));
    const app = Math.floor(index / REPLICAS) % APPS_PER_NAMESPACE;
    objects.push({
      object: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: `app-${app}-${index % REPLICAS}`,
          namespace: `team-${ns}`,
          labels: { app: `app-${app}`, "pod-template-hash": `h${index % 7}`, team: `t${ns % 5}` },
        },
        spec: {
          serviceAccountName: `app-${app}`,
          containers: [{ name: "c", image: "i", ports: [{ containerPort: 8000 + app }] }],
        },
        status: { podIP: podIp(index), podIPs: [{ ip: podIp(index) }] },
      },
      location: { file: "bench.yaml" },
    });
  }
  return objects;
}

function flowLine(index: number): string {
  // Deterministic spread: every app's replicas call the next app of their namespace, some
  // call the internet.
  const src = (index * 7919) % PODS;
  const ns = Math.floor(src / (PODS / NAMESPACES));
  const app = Math.floor(src / REPLICAS) % APPS_PER_NAMESPACE;
  const time = new Date(Date.UTC(2026, 10, 27) + index).toISOString();
  if (index % 50 === 0) {
    return JSON.stringify({
      time,
      src_ip: podIp(src),
      dst_ip: `203.0.113.${app}`,
      dst_port: 443,
      protocol: "TCP",
    });
  }
  const next = (app + 1) % APPS_PER_NAMESPACE;
  const dst = ns * (PODS / NAMESPACES) + next * REPLICAS + (index % REPLICAS);
  return JSON.stringify({
    time,
    src_ip: podIp(src),
    dst_ip: podIp(dst),
    dst_port: 8000 + next,
    protocol: "TCP",
  });
}

function auditLine(index: number): string {
  const ns = `team-${index % NAMESPACES}`;
  const sa = `app-${(index >> 7) % APPS_PER_NAMESPACE}`;
  const kinds = [
    ["get", "configmaps", `${sa}-config`],
    ["list", "pods", ""],
    ["watch", "endpoints", ""],
    ["create", "events", ""],
    ["get", "secrets", `${sa}-tls`],
    ["update", "leases", `${sa}-leader`],
  ] as const;
  const [verb, resource, name] = kinds[index % kinds.length] ?? kinds[0];
  const group = resource === "leases" ? "coordination.k8s.io" : "";
  const prefix = group === "" ? "/api/v1" : `/apis/${group}/v1`;
  const at = new Date(Date.UTC(2026, 10, 27) + index).toISOString();
  return JSON.stringify({
    apiVersion: "audit.k8s.io/v1",
    kind: "Event",
    level: "Metadata",
    auditID: `a-${index}`,
    stage: "ResponseComplete",
    verb,
    requestURI: `${prefix}/namespaces/${ns}/${resource}${name === "" ? "" : `/${name}`}`,
    user: { username: `system:serviceaccount:${ns}:${sa}`, groups: ["system:serviceaccounts"] },
    sourceIPs: ["10.1.0.1"],
    objectRef: {
      resource,
      namespace: ns,
      ...(name === "" ? {} : { name }),
      apiGroup: group,
      apiVersion: "v1",
    },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
  });
}

async function measure<T>(
  action: () => Promise<T>,
): Promise<{ value: T; seconds: number; cpuSeconds: number; peakRssMb: number; heapMb: number }> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await action();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = round((used.user + used.system) / 1e6, 2);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    value,
    seconds: round(seconds, 2),
    cpuSeconds,
    peakRssMb: mb(peak),
    heapMb: mb(process.memoryUsage().heapUsed),
  };
}

const flowsFile = join(dir, "flows.jsonl");
const auditFile = join(dir, "audit.jsonl");
await writeLines(flowsFile, FLOWS, flowLine);
await writeLines(auditFile, EVENTS, auditLine);
const existing = cluster();

const netpol = await measure(async () => {
  const batch = await readFlowFile(flowsFile);
  return generateNetpol({ existing, flows: batch.flows, intents: [], target: "kubernetes" });
});
const rbac = await measure(async () => {
  // As `tenet generate rbac` gathers them: every distinct request, every caller.
  const observed = requestCollector();
  await readAuditRequests(auditFile, (event) => observed.add(event));
  const users = [...observed.callers].filter((user) => user.startsWith("system:serviceaccount:"));
  return generateRbac({ requests: observed.requests, users: users.sort() });
});
rmSync(dir, { recursive: true, force: true });

const results = {
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "",
    load: loadavg().map((l) => round(l, 2)),
    node: process.version,
  },
  netpol: {
    pods: PODS,
    flowRecords: FLOWS,
    connections: netpol.value.edges.length,
    policies: netpol.value.objects.length,
    proofChecked: netpol.value.proof.checked,
    proofFailures: netpol.value.proof.failures.length,
    residualPairs: netpol.value.proof.residual.length,
    seconds: netpol.seconds,
    cpuSeconds: netpol.cpuSeconds,
    peakRssMb: netpol.peakRssMb,
    heapAfterMb: netpol.heapMb,
  },
  rbac: {
    auditEvents: EVENTS,
    users: Object.keys(rbac.value.counts).length,
    objects: rbac.value.objects.length,
    proofChecked: rbac.value.proof.checked,
    proofFailures: rbac.value.proof.failures.length,
    nearMisses: rbac.value.proof.nearMisses,
    nearMissesAllowed: rbac.value.proof.nearMissesAllowed.length,
    seconds: rbac.seconds,
    cpuSeconds: rbac.cpuSeconds,
    peakRssMb: rbac.peakRssMb,
    heapAfterMb: rbac.heapMb,
  },
};
const here = new URL(".", import.meta.url);
writeFileSync(new URL("results.json", here), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  new URL("results.md", here),
  [
    "# bench/generate",
    "",
    `Machine: ${results.machine.cpus} CPUs (${results.machine.model}), load ${results.machine.load.join(" ")}, Node ${results.machine.node}. Target: under 10 s each.`,
    "",
    "| generator | input | output | proof | wall (s) | CPU (s) | peak RSS (MB) |",
    "|---|---|---|---|---|---|---|",
    `| netpol | ${FLOWS} flow records, ${PODS} pods (${results.netpol.connections} connections) | ${results.netpol.policies} NetworkPolicies | ${results.netpol.proofChecked - results.netpol.proofFailures}/${results.netpol.proofChecked} allowed, ${results.netpol.residualPairs} residual pairs | ${results.netpol.seconds} | ${results.netpol.cpuSeconds} | ${results.netpol.peakRssMb} |`,
    `| rbac | ${EVENTS} audit events, ${results.rbac.users} ServiceAccounts | ${results.rbac.objects} objects | ${results.rbac.proofChecked - results.rbac.proofFailures}/${results.rbac.proofChecked} allowed, ${results.rbac.nearMisses - results.rbac.nearMissesAllowed}/${results.rbac.nearMisses} near misses denied | ${results.rbac.seconds} | ${results.rbac.cpuSeconds} | ${results.rbac.peakRssMb} |`,
    "",
    "Wall time on a shared, loaded 2-CPU machine; CPU time is this process's user + system. Times include reading the file (JSON lines), resolving, planning, rendering and the engine proof.",
    "",
    "Session 1 (commit b9ca185, load 2.7-7.9): netpol 9.09 s CPU, 11.12 s wall, 572 MB; rbac 14.27 s CPU, 13.94 s wall, 960 MB. Since then, a line that differs from an earlier one only in times, IDs (and, for flows, source ports) is recognised by its masked text and not parsed again (src/sources/flows/read-audit.ts, read-flows.ts), and the netpol residual asks the class matrix by class id.",
    "",
  ].join("\n"),
);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
