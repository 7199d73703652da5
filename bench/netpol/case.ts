// One benchmark case in its own process, so that peak memory is this case's alone.
// Usage: node bench/netpol/case.ts <pods> <policies> [--matrix] [--summary]. Prints one JSON
// line. `--summary` times the reach summaries the network controls read (built once per scan).
import { buildInventory } from "../../src/model/inventory.ts";
import type { KubeObject } from "../../src/model/kube-object.ts";
import { buildNetpolEngine } from "../../src/engines/netpol/engine.ts";
import { generateNetpolCluster, random } from "./generate.ts";
import { isEmptyConns, NO_CONNS } from "../../src/engines/netpol/conn-set.ts";
import { reachSummary } from "../../src/engines/netpol/reach.ts";

const [podsArg = "1000", policiesArg = "100"] = process.argv.slice(2);
const withMatrix = process.argv.includes("--matrix");
const withSummary = process.argv.includes("--summary");
const cluster = generateNetpolCluster(Number(podsArg), Number(policiesArg));
const loaded = cluster.objects.map((object) => ({
  object: object as unknown as KubeObject,
  location: { file: "generated.yaml" },
}));

const cpuStart = process.cpuUsage();
const started = performance.now();
const { inventory } = buildInventory(loaded);
const inventoryMs = performance.now() - started;
const inventoryCpuMs = cpuMsSince(cpuStart);
const engine = buildNetpolEngine(inventory);
const buildMs = performance.now() - started;
const buildCpu = process.cpuUsage(cpuStart);
const engineCpuMs = (buildCpu.user + buildCpu.system) / 1000;

// One query: the mean over many random pairs, each a full explained verdict.
const next = random(7);
const queries = 2000;
const pairs = Array.from({ length: queries }, () => [
  engine.pods[Math.floor(next() * engine.pods.length)],
  engine.pods[Math.floor(next() * engine.pods.length)],
]);
const queryStart = performance.now();
let allowed = 0;
for (const [from, to] of pairs) {
  if (from !== undefined && to !== undefined && engine.canReach(from, to, 8080, "TCP").allowed)
    allowed += 1;
}
const queryMs = (performance.now() - queryStart) / queries;

let summary: { ms: number; cpuMs: number; reachable: number } | undefined;
if (withSummary) {
  const summaryStart = performance.now();
  const summaryCpu = process.cpuUsage();
  const { reachable } = reachSummary(engine);
  summary = {
    ms: Math.round(performance.now() - summaryStart),
    cpuMs: Math.round(cpuMsSince(summaryCpu)),
    reachable: reachable.reduce((sum, count) => sum + count, 0),
  };
}

let matrix:
  | { ms: number; cpuMs: number; classes: number; podPairs: number; allowedPodPairs: number }
  | undefined;
if (withMatrix) {
  const matrixStart = performance.now();
  const matrixCpu = process.cpuUsage();
  const { classes } = engine.classIndex;
  let allowedPairs = 0;
  for (const from of classes) {
    const row = engine.classRow(from.id);
    for (const to of classes) {
      if (!isEmptyConns(row[to.id] ?? NO_CONNS))
        allowedPairs += from.members.length * to.members.length;
    }
  }
  matrix = {
    ms: performance.now() - matrixStart,
    cpuMs: cpuMsSince(matrixCpu),
    classes: classes.length,
    podPairs: engine.pods.length ** 2,
    allowedPodPairs: allowedPairs,
  };
}

process.stdout.write(
  `${JSON.stringify({
    pods: cluster.pods,
    policies: cluster.policies,
    classes: engine.classIndex.classes.length,
    inventoryMs: Math.round(inventoryMs),
    buildMs: Math.round(buildMs),
    buildCpuMs: Math.round(engineCpuMs),
    inventoryCpuMs: Math.round(inventoryCpuMs),
    engineCpuMs: Math.round(engineCpuMs - inventoryCpuMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    queryUs: Math.round(queryMs * 1000 * 10) / 10,
    sampleAllowed: allowed,
    ...(summary === undefined ? {} : { summary }),
    ...(matrix === undefined
      ? {}
      : { matrix: { ...matrix, ms: Math.round(matrix.ms), cpuMs: Math.round(matrix.cpuMs) } }),
  })}\n`,
);

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
