// `tenet scan` on generated clusters of 1k, 10k and 100k objects, on one core, side by side
// with kube-score where it is installed (bench/install-peers.sh). Writes bench/scan/results.json
// and bench/scan/results.md. Sizes can be narrowed and runs repeated (the best run is kept, as
// the one least disturbed by other processes): `node bench/scan/run.ts 1000 10000 --runs=3`.
// The report is `tenet scan`'s default text unless another is asked for (`--format=json`).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { writeCluster } from "../generate-cluster.ts";
import { peerBinary } from "../peers.ts";

interface Measure {
  readonly code: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly outputMiB?: number;
}

interface Row {
  readonly objects: number;
  readonly tenetCode: number;
  readonly tenetMs: number;
  readonly tenetCpuMs: number;
  readonly tenetMaxRssMiB: number;
  readonly tenetOutputMiB?: number;
  /** Wall time of every run, best first. */
  readonly tenetRunsMs: readonly number[];
  readonly kubeScoreMs?: number;
  readonly kubeScoreCpuMs?: number;
  readonly kubeScoreMaxRssMiB?: number;
  readonly ratio?: number;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const sizes = args.map(Number).filter((n) => n > 0);
const targets = sizes.length > 0 ? sizes : [1_000, 10_000, 100_000];
const runs = Math.max(1, Number(option("runs") ?? 1) || 1);
const format = option("format") ?? "text";
const root = join(tmpdir(), "tenet-bench-scan");
const kubeScore = peerBinary("kube-score");
const rows: Row[] = [];
const load: number[] = [];

for (const objects of targets) {
  const dir = join(root, String(objects));
  const written = await writeCluster(dir, objects);
  const measured: Measure[] = [];
  for (let run = 0; run < runs; run += 1) {
    load.push(loadavg()[0] ?? 0);
    measured.push(measureTenet(dir));
  }
  // The best run: the least disturbed by other processes on a shared machine.
  measured.sort((a, b) => a.wallMs - b.wallMs);
  const [tenet] = measured as [Measure, ...Measure[]];
  const peer = kubeScore === undefined ? undefined : measureKubeScore(kubeScore, dir);
  const row: Row = {
    objects: written,
    tenetCode: tenet.code,
    tenetMs: tenet.wallMs,
    tenetCpuMs: tenet.cpuMs,
    tenetMaxRssMiB: tenet.maxRssMiB,
    ...(tenet.outputMiB === undefined ? {} : { tenetOutputMiB: tenet.outputMiB }),
    tenetRunsMs: measured.map((m) => m.wallMs),
    ...(peer === undefined
      ? {}
      : {
          kubeScoreMs: peer.wallMs,
          kubeScoreCpuMs: peer.cpuMs,
          kubeScoreMaxRssMiB: peer.maxRssMiB,
          ratio: Math.round((peer.wallMs / tenet.wallMs) * 10) / 10,
        }),
  };
  rows.push(row);
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), pinned to one with taskset`;
const results = {
  date: new Date().toISOString(),
  node: process.version,
  machine,
  format,
  runs,
  // The 1-minute load average when each run started: how shared the machine was.
  loadAverage: load.map((value) => Math.round(value * 10) / 10),
  rows,
};
await writeFile(new URL("results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(new URL("results.md", import.meta.url), markdown(results));

function measureTenet(dir: string): Measure {
  const result = spawnSync(
    "taskset",
    ["-c", "0", process.execPath, new URL("measure.ts", import.meta.url).pathname, dir, format],
    { encoding: "utf8", maxBuffer: 1 << 20, stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as Measure;
  } catch {
    // The child died (out of memory, a signal): say so in the results rather than stop.
    return { code: result.status ?? -1, wallMs: NaN, cpuMs: NaN, maxRssMiB: NaN };
  }
}

/** kube-score's wall time, CPU time and peak memory through GNU time, on the same files and core. */
function measureKubeScore(
  binary: string,
  dir: string,
): { wallMs: number; cpuMs: number; maxRssMiB: number } {
  const files = readdirSync(dir).map((file) => join(dir, file));
  const result = spawnSync(
    "/usr/bin/time",
    ["-f", "%e %U %S %M", "taskset", "-c", "0", binary, "score", "--output-format", "ci", ...files],
    { encoding: "utf8", maxBuffer: 1 << 30 },
  );
  const last = result.stderr.trim().split("\n").at(-1) ?? "";
  const [seconds = "NaN", user = "NaN", system = "NaN", kib = "NaN"] = last.split(" ");
  return {
    wallMs: Math.round(Number(seconds) * 1000),
    cpuMs: Math.round((Number(user) + Number(system)) * 1000),
    maxRssMiB: Math.round(Number(kib) / 1024),
  };
}

function markdown(results: {
  date: string;
  node: string;
  machine: string;
  format: string;
  runs: number;
  loadAverage: readonly number[];
  rows: readonly Row[];
}): string {
  const lines = results.rows.map(
    (row) =>
      `| ${row.objects} | ${row.tenetCode} | ${row.tenetMs} | ${row.tenetCpuMs} | ${row.tenetMaxRssMiB} | ${row.kubeScoreMs ?? "n/a"} | ${row.kubeScoreCpuMs ?? "n/a"} | ${row.kubeScoreMaxRssMiB ?? "n/a"} | ${row.ratio ?? "n/a"} |`,
  );
  return [
    "# Scan benchmark",
    "",
    `${results.date}, Node ${results.node}, ${results.machine}. Generated by \`npm run bench\` (bench/scan/run.ts), \`tenet scan -o ${results.format}\`, best of ${results.runs} run(s).`,
    "Targets: 10k objects under 3 s, 100k under 30 s and 1 GB. Ratio = kube-score time / Tenet time.",
    `The machine is shared: 1-minute load average at each run ${results.loadAverage.join(", ")} (2 cores). Wall time includes waiting for the core; CPU time is what the scan itself used.`,
    "",
    "| objects | exit | tenet wall ms | tenet CPU ms | tenet peak MiB | kube-score wall ms | kube-score CPU ms | kube-score peak MiB | ratio (wall) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...lines,
    "",
  ].join("\n");
}
