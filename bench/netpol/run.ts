// `npm run bench:netpol`: builds the network engine over generated clusters of 1k, 10k and 100k
// pods (100, 1k, 10k policies), each case in its own process so that peak memory is its own,
// and, when bench/netpol/install-peers.sh could install it, runs np-guard's netpol-analyzer
// side by side on the same directory of manifests. Writes results.json and results.md here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { peerBinary } from "../peers.ts";
import { generateNetpolCluster } from "./generate.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..", "..");
const CASES = [
  { pods: 1000, policies: 100, matrix: true },
  { pods: 10000, policies: 1000, matrix: true },
  { pods: 100000, policies: 10000, matrix: false },
] as const;

interface CaseResult {
  readonly pods: number;
  readonly policies: number;
  readonly classes?: number;
  readonly buildMs?: number;
  readonly buildCpuMs?: number;
  readonly peakRssMb?: number;
  readonly queryUs?: number;
  readonly matrix?: { readonly ms: number; readonly cpuMs: number; readonly classes: number };
  readonly error?: string;
}

const results: CaseResult[] = [];
for (const { pods, policies, matrix } of CASES) {
  process.stdout.write(`netpol: ${pods} pods, ${policies} policies...\n`);
  const args = [
    join(here, "case.ts"),
    String(pods),
    String(policies),
    ...(matrix ? ["--matrix"] : []),
  ];
  const run = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    results.push({ pods, policies, error: `exit ${run.status}` });
    continue;
  }
  results.push(JSON.parse(run.stdout) as CaseResult);
}

const peers = sideBySide([1000, 10000]);
const report = {
  node: process.version,
  cpus: cpus().length,
  loadAverage: loadavg().map((value) => Math.round(value * 10) / 10),
  cases: results,
  peers,
};
writeFileSync(join(here, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(here, "results.md"), markdown(report));
process.stdout.write(markdown(report));

/** Tenet and netpol-analyzer on the same directory of YAML, end to end (parse + all pairs). */
function sideBySide(sizes: readonly number[]): unknown[] {
  const binary = peerBinary("netpolicy");
  if (binary === undefined) {
    return [
      {
        tool: "np-guard netpol-analyzer",
        status: "n/a: not installed (bench/netpol/install-peers.sh)",
      },
    ];
  }
  return sizes.map((pods) => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-netpol-"));
    try {
      const cluster = generateNetpolCluster(pods, pods / 10);
      writeFileSync(
        join(dir, "cluster.yaml"),
        cluster.objects.map((o) => stringify(o)).join("---\n"),
      );
      const tenet = timed(process.execPath, [
        join(root, "bin", "tenet.js"),
        "netpol",
        "matrix",
        "-f",
        dir,
        "-o",
        "json",
      ]);
      const peer = timed(binary, ["list", "--dirpath", dir, "-o", "json"]);
      return {
        pods,
        tenetMs: tenet.ms,
        tenetExit: tenet.status,
        netpolAnalyzerMs: peer.ms,
        netpolAnalyzerExit: peer.status,
        speedup: Math.round((peer.ms / tenet.ms) * 10) / 10,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function timed(command: string, args: readonly string[]): { ms: number; status: number | null } {
  const started = performance.now();
  const run = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
  return { ms: Math.round(performance.now() - started), status: run.status };
}

function markdown(data: typeof report): string {
  const cell = (value: number | string | undefined): string =>
    value === undefined ? "-" : String(value);
  const rows = data.cases.map((c) => {
    const m = c.matrix;
    const matrixCell = m === undefined ? "-" : `${m.ms} (cpu ${m.cpuMs})`;
    return `| ${c.pods} | ${c.policies} | ${cell(c.classes)} | ${cell(c.buildMs ?? c.error)} | ${cell(c.buildCpuMs)} | ${cell(c.peakRssMb)} | ${cell(c.queryUs)} | ${matrixCell} |`;
  });
  return [
    "# Network engine benchmark",
    "",
    `Node ${data.node}, ${data.cpus} CPUs, load average ${data.loadAverage.join(" / ")} during the run.`,
    "Times in ms (wall clock; `cpu` is the process CPU time, less sensitive to a busy machine).",
    "Build covers the inventory and the engine; the query is one explained `canReach`, the mean",
    "of 2000 random pairs; the matrix is every class pair (expanded counts in results.json).",
    "",
    "| pods | policies | classes | build ms | build cpu ms | peak RSS MB | query µs | full matrix ms |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "## Side by side with np-guard netpol-analyzer",
    "",
    "```json",
    JSON.stringify(data.peers, null, 2),
    "```",
    "",
  ].join("\n");
}
