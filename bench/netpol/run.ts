// `npm run bench:netpol`: builds the network engine over generated clusters of 1k, 10k and 100k
// pods (100, 1k, 10k policies), each case in its own process so that peak memory is its own,
// and runs np-guard's analyzers side by side on the same directories of manifests when
// bench/netpol/install-peers.sh could install them (into ~/.cache/tenet, not system-wide).
// Writes results.json and results.md here. Options: `--sizes=1000,10000` (pods per case),
// `--peer-sizes=1000` (side by side), `--timeout=300` (seconds a peer may take per case).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { PEER_BIN, peerBinary } from "../peers.ts";
import { generateNetpolCluster } from "./generate.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..", "..");
const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const numbers = (text: string | undefined, fallback: readonly number[]): readonly number[] =>
  text === undefined
    ? fallback
    : text
        .split(",")
        .map(Number)
        .filter((n) => n > 0);
const sizes = numbers(option("sizes"), [1000, 10000, 100000]);
const peerSizes = numbers(option("peer-sizes"), [1000, 10000]);
const timeoutSeconds = Number(option("timeout") ?? 300) || 300;
// The matrix is K^2 class pairs: timed up to 10k pods; the summaries the controls read at all.
const CASES = sizes.map((pods) => ({
  pods,
  policies: Math.max(1, Math.round(pods / 10)),
  matrix: pods <= 10000,
}));

interface CaseResult {
  readonly pods: number;
  readonly policies: number;
  readonly classes?: number;
  readonly buildMs?: number;
  readonly buildCpuMs?: number;
  readonly inventoryCpuMs?: number;
  readonly engineCpuMs?: number;
  readonly summary?: { readonly ms: number; readonly cpuMs: number };
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
    "--summary",
  ];
  const run = spawnSync("taskset", ["-c", "0", process.execPath, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    results.push({ pods, policies, error: `exit ${run.status}` });
    continue;
  }
  results.push(JSON.parse(run.stdout) as CaseResult);
}

spawnSync("bash", [join(here, "install-peers.sh")], { stdio: ["ignore", "inherit", "inherit"] });
const peers = sideBySide(peerSizes);
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

interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly exit: number | null;
  readonly timedOut: boolean;
  /** What a failing command said (NCA prints `Error: ...` and exits 7 on an exception). */
  readonly error?: string;
}

interface PeerRow {
  readonly tool: string;
  readonly pods?: number;
  readonly command?: string;
  readonly status?: string;
  readonly tenet?: Timed;
  readonly peer?: Timed;
  /** Peer CPU time / Tenet CPU time (wall times are noisy on a shared machine). */
  readonly cpuRatio?: number;
}

/**
 * Tenet's full matrix and each peer's connectivity analysis on the same directory of YAML, end
 * to end (read, parse, every pair), one after the other, each pinned to one core.
 */
function sideBySide(podCounts: readonly number[]): PeerRow[] {
  const ncaBinary = join(PEER_BIN, "..", "nca-venv", "bin", "nca");
  const peers = [
    {
      tool: "np-guard netpol-analyzer",
      binary: peerBinary("netpolicy"),
      args: (dir: string) => ["list", "--dirpath", dir, "-o", "json"],
      missing:
        "n/a: not installed; the Go module proxy answers 403 Forbidden for github.com/np-guard/netpol-analyzer here (bench/netpol/install-peers.sh)",
    },
    {
      tool: "np-guard network-config-analyzer 2.1.0 (nca --connectivity)",
      binary: existsSync(ncaBinary) ? ncaBinary : undefined,
      args: (dir: string) => ["--connectivity", "-r", dir, "-o", "txt"],
      missing:
        "n/a: not installed (bench/netpol/install-peers.sh: pip into ~/.cache/tenet/nca-venv)",
    },
  ];
  const rows: PeerRow[] = [];
  for (const peer of peers) {
    const { binary } = peer;
    if (binary === undefined) {
      rows.push({ tool: peer.tool, status: peer.missing });
      continue;
    }
    for (const pods of podCounts) {
      process.stdout.write(`netpol: ${peer.tool} side by side at ${pods} pods...\n`);
      const dir = mkdtempSync(join(tmpdir(), "tenet-netpol-"));
      try {
        const cluster = generateNetpolCluster(pods, pods / 10);
        writeFileSync(
          join(dir, "cluster.yaml"),
          cluster.objects.map((o) => stringify(o)).join("---\n"),
        );
        const tenetArgs = [join(root, "bin", "tenet.js"), "netpol", "matrix", "-f", dir];
        const tenet = timed(process.execPath, [...tenetArgs, "-o", "json"]);
        const other = timed(binary, peer.args(dir));
        rows.push({
          tool: peer.tool,
          pods,
          command: `${binary.split("/").at(-1) ?? binary} ${peer.args("<dir>").join(" ")}`,
          tenet,
          peer: other,
          ...(other.timedOut || other.exit !== 0
            ? {}
            : { cpuRatio: Math.round((other.cpuMs / tenet.cpuMs) * 10) / 10 }),
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return rows;
}

/** Wall, CPU and peak memory of a command on one core, killed after the timeout. */
function timed(command: string, commandArgs: readonly string[]): Timed {
  const run = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "%e %U %S %M",
      "timeout",
      String(timeoutSeconds),
      "taskset",
      "-c",
      "0",
      command,
      ...commandArgs,
    ],
    { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const lines = run.stderr.trim().split("\n");
  const last = lines.at(-1) ?? "";
  const error = lines.find((line) => /^Error\b/.test(line))?.slice(0, 300);
  const [seconds = "NaN", user = "NaN", system = "NaN", kib = "NaN"] = last.split(" ");
  return {
    wallMs: Math.round(Number(seconds) * 1000),
    cpuMs: Math.round((Number(user) + Number(system)) * 1000),
    maxRssMiB: Math.round(Number(kib) / 1024),
    // timeout(1) exits 124 when it had to stop the command.
    exit: run.status,
    timedOut: run.status === 124,
    ...(error === undefined ? {} : { error }),
  };
}

function markdown(data: typeof report): string {
  const cell = (value: number | string | undefined): string =>
    value === undefined ? "-" : String(value);
  const timing = (t: { ms: number; cpuMs: number } | undefined): string =>
    t === undefined ? "-" : `${t.ms} (cpu ${t.cpuMs})`;
  const rows = data.cases.map(
    (c) =>
      `| ${c.pods} | ${c.policies} | ${cell(c.classes)} | ${cell(c.buildMs ?? c.error)} | ${cell(c.buildCpuMs)} | ${cell(c.inventoryCpuMs)} | ${cell(c.engineCpuMs)} | ${cell(c.peakRssMb)} | ${cell(c.queryUs)} | ${timing(c.summary)} | ${timing(c.matrix)} |`,
  );
  const run = (t: Timed | undefined): string =>
    t === undefined
      ? "-"
      : t.timedOut
        ? `timed out after ${timeoutSeconds} s`
        : `${t.wallMs} / ${t.cpuMs} / ${t.maxRssMiB}${t.exit === 0 ? "" : ` (exit ${t.exit}${t.error === undefined ? "" : `: ${t.error}`})`}`;
  const peerRows = data.peers.map(
    (p) =>
      `| ${p.tool} | ${cell(p.pods)} | ${p.status ?? cell(p.command)} | ${run(p.tenet)} | ${run(p.peer)} | ${cell(p.cpuRatio)} |`,
  );
  return [
    "# Network engine benchmark",
    "",
    `Node ${data.node}, ${data.cpus} CPUs, load average ${data.loadAverage.join(" / ")} during the run; every case pinned to one core.`,
    "Times in ms (wall clock; `cpu` is the process CPU time, less sensitive to a busy machine).",
    "Build covers the inventory and the engine (their CPU apart in the next columns); the query",
    "is one explained `canReach`, the mean of 2000 random pairs; the summaries are what the",
    "network controls read (reach counts, namespaces reached and reaching); the matrix is every",
    "class pair (expanded counts in results.json).",
    "",
    "| pods | policies | classes | build ms | build cpu ms | inventory cpu ms | engine cpu ms | peak RSS MB | query µs | summaries ms | full matrix ms |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "## Side by side with np-guard's analyzers",
    "",
    "The same generated directory, end to end (read, parse, all pairs): `tenet netpol matrix -o json`",
    "against the peer's connectivity command, each pinned to one core; wall ms / CPU ms / peak MiB.",
    "The ratio is the peer's CPU time over Tenet's.",
    "",
    "| peer | pods | command | tenet | peer | ratio (cpu) |",
    "|---|---:|---|---|---|---:|",
    ...peerRows,
    "",
  ].join("\n");
}
