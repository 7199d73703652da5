// `npm run bench:rbac`: index build time and memory, one review, one who-can and the full path
// analysis on generated RBAC sets up to 10k ServiceAccounts, 50k bindings and 100k rules.
// Writes bench/rbac/results.json and bench/rbac/results.md. Timings are medians of repeats.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { buildRbacEngine } from "../../src/engines/rbac/index.ts";
import {
  bootstrapPolicy,
  DEFAULT_BOOTSTRAP_POLICY,
} from "../../src/engines/rbac/bootstrap/index.ts";
import type { Request } from "../../src/engines/rbac/types.ts";
import { impersonatedUser } from "../../src/engines/rbac/user-info.ts";
import { buildInventory } from "../../src/model/inventory.ts";
import { generateRbac, random, type RbacSize } from "./generate.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const SIZES: readonly RbacSize[] = [
  { name: "small", serviceAccounts: 1_000, bindings: 5_000, rules: 10_000 },
  { name: "medium", serviceAccounts: 5_000, bindings: 25_000, rules: 50_000 },
  { name: "large", serviceAccounts: 10_000, bindings: 50_000, rules: 100_000 },
];

/** CPU time of this process since `from` (user + system): less sensitive to a busy machine. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

interface Latency {
  readonly medianMs: number;
  readonly p99Ms: number;
  /** The same percentiles of CPU time per call: what a busy machine does not inflate. */
  readonly cpuMedianMs: number;
  readonly cpuP99Ms: number;
  readonly samples: number;
}

/**
 * Per-call latency after a warm-up (the first calls compile code and fill lazy caches; a p99
 * over few samples that includes them measures the JIT, not the engine), wall and CPU time.
 */
function timeMany(count: number, action: (index: number) => void, warmUp = 300): Latency {
  for (let index = 0; index < warmUp; index++) action(count + index);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    action(index);
    cpu.push(cpuMs(startCpu));
    wall.push(performance.now() - start);
  }
  const at = (values: number[], q: number) =>
    round(
      [...values].sort((a, b) => a - b)[
        Math.min(values.length - 1, Math.floor(values.length * q))
      ] ?? 0,
    );
  return {
    medianMs: at(wall, 0.5),
    p99Ms: at(wall, 0.99),
    cpuMedianMs: at(cpu, 0.5),
    cpuP99Ms: at(cpu, 0.99),
    samples: count,
  };
}

// TENET_BENCH_RBAC_SIZES=small (comma-separated) runs a subset and prints without writing.
const only = process.env["TENET_BENCH_RBAC_SIZES"]?.split(",").filter((name) => name !== "");
const selected = SIZES.filter((size) => only === undefined || only.includes(size.name));

const results = selected.map((size) => {
  const objects = generateRbac(size);
  const { inventory } = buildInventory(
    objects.map((object) => ({ object, location: { file: "generated.yaml" } })),
  );
  gc();
  const before = process.memoryUsage().heapUsed;
  const buildStart = performance.now();
  const buildCpu = process.cpuUsage();
  const engine = buildRbacEngine(inventory, {
    bootstrap: bootstrapPolicy(DEFAULT_BOOTSTRAP_POLICY),
  });
  const buildMs = performance.now() - buildStart;
  const buildCpuMs = cpuMs(buildCpu);
  gc();
  const indexBytes = process.memoryUsage().heapUsed - before;
  const namespaces = Math.ceil(size.serviceAccounts / 10);
  const next = random(7);
  const request = (i: number): Request => ({
    kind: "resource",
    verb: ["get", "list", "create", "delete"][i % 4] ?? "get",
    namespace: `ns-${Math.floor(next() * namespaces)}`,
    apiGroup: i % 3 === 0 ? "apps" : "",
    resource: i % 3 === 0 ? "deployments" : i % 3 === 1 ? "secrets" : "pods",
    subresource: "",
    name: "",
  });
  const users = Array.from({ length: 1000 }, (_, i) =>
    impersonatedUser(`system:serviceaccount:ns-${i % namespaces}:sa-${i}`),
  );
  const review = timeMany(5000, (i) =>
    engine.can(users[i % users.length] ?? users[0]!, request(i)),
  );
  let whoCanSubjects = 0;
  const whoCan = timeMany(2000, (i) => {
    whoCanSubjects += engine.whoCan(request(i)).subjects.length;
  });
  gc();
  const pathsStart = performance.now();
  const pathsCpu = process.cpuUsage();
  const findings = engine.escalationPaths();
  const pathsMs = performance.now() - pathsStart;
  const pathsCpuMs = cpuMs(pathsCpu);
  const counts = {
    serviceAccounts: size.serviceAccounts,
    bindings: engine.authorizer.bindings.length,
    rules: engine.authorizer.roles.reduce((sum, role) => sum + role.rules.length, 0),
    objects: objects.length,
  };
  const row = {
    size: size.name,
    counts,
    index: {
      buildMs: round(buildMs, 1),
      buildCpuMs: round(buildCpuMs, 1),
      heapMiB: round(indexBytes / 1024 / 1024, 1),
    },
    review,
    whoCan: { ...whoCan, meanSubjects: round(whoCanSubjects / (2000 + 300), 1) },
    paths: { ms: round(pathsMs, 0), cpuMs: round(pathsCpuMs, 0), findings: findings.length },
  };
  console.log(JSON.stringify(row));
  return row;
});

if (selected.length !== SIZES.length) {
  console.log("a subset of sizes was run: results files left as they were");
  process.exit(0);
}
const environment = {
  loadAverage: loadavg().map((value) => round(value, 1)),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? "unknown",
  date: new Date().toISOString().slice(0, 10),
};
const dir = new URL(".", import.meta.url);
writeFileSync(
  new URL("results.json", dir),
  `${JSON.stringify({ environment, targets: { reviewMs: 5, whoCanMs: 5, pathsMs: 5000 }, results }, null, 2)}\n`,
);
const lines = [
  "# RBAC engine benchmark",
  "",
  `Node ${environment.node}, ${environment.cpus} CPU (${environment.cpu}), load average ${environment.loadAverage.join(" / ")} at the end, ${environment.date}. Wall-clock times on a busy machine; CPU times in brackets. Review and who-can: after 300 warm-up calls, 5000 and 2000 calls, median / p99 of wall time, then of CPU time per call. Generated by \`npm run bench:rbac\` (bench/rbac/generate.ts, fixed seed), with the ${DEFAULT_BOOTSTRAP_POLICY} bootstrap policy. Targets: a review or who-can under 5 ms, full paths under 5 s.`,
  "",
  "| set | SAs | bindings | rules | index build (CPU) | index heap | review median / p99 (CPU) | who-can median / p99 (CPU) | full paths (CPU) | findings |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ...results.map(
    (r) =>
      `| ${r.size} | ${r.counts.serviceAccounts} | ${r.counts.bindings} | ${r.counts.rules} | ${r.index.buildMs} (${r.index.buildCpuMs}) ms | ${r.index.heapMiB} MiB | ${r.review.medianMs} / ${r.review.p99Ms} (${r.review.cpuMedianMs} / ${r.review.cpuP99Ms}) ms | ${r.whoCan.medianMs} / ${r.whoCan.p99Ms} (${r.whoCan.cpuMedianMs} / ${r.whoCan.cpuP99Ms}) ms | ${r.paths.ms} (${r.paths.cpuMs}) ms | ${r.paths.findings} |`,
  ),
  "",
];
writeFileSync(new URL("results.md", dir), lines.join("\n"));
