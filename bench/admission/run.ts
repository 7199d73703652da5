// `tenet serve` under load: /validate over TLS on loopback with realistic Pod and Deployment
// reviews at 100, 500 and 1000 requests per second (open loop, rate x seconds requests each),
// the same generator against a trivial TLS server (the floor: generator + TLS + HTTP), Debian's
// `wrk` closed loop for the capacity, and the latency a pod create gains through the real
// kube-apiserver. Server on core 0, generators on core 1. Writes results.json/.md.
// Size: TENET_BENCH_ADMISSION_SECONDS (default 10), TENET_BENCH_ADMISSION_CREATES (200).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { servingTls } from "../../src/server/tls.ts";
import { findBinaries } from "../../test/integration/binaries.ts";
import { startControlPlane } from "../../test/integration/control-plane.ts";
import { podCreateLatency, type CreateLatency } from "./apiserver.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tenet-bench-admission-"));
// Removed when the run exits (an interrupted one leaves it): one left per run piles up in /tmp.
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const seconds = Number(process.env["TENET_BENCH_ADMISSION_SECONDS"] ?? "10");
const creates = Number(process.env["TENET_BENCH_ADMISSION_CREATES"] ?? "200");
const rates = [100, 500, 1000];

const tls = await servingTls({ hosts: ["localhost", "127.0.0.1"] });
const [certFile, keyFile] = [join(dir, "cert.pem"), join(dir, "key.pem")];
writeFileSync(certFile, tls.cert);
writeFileSync(keyFile, tls.key);

interface Row {
  readonly target: string;
  readonly rate: number;
  readonly requests: number;
  readonly ok: number;
  readonly errors: number;
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  readonly loaderCpuMsPerRequest: number;
  readonly serverCpuMsPerRequest: number;
}

/** Starts a server pinned to core 0 and resolves its port once it prints `pattern`. */
async function startServer(
  args: readonly string[],
  pattern: RegExp,
): Promise<{ child: ChildProcess; port: number }> {
  // The parent keeps reading both pipes all along: a server blocked on a full stderr pipe was
  // once measured here as 100-300 ms latency spikes.
  const child = spawn("taskset", ["-c", "0", process.execPath, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = "";
    const look = (chunk: Buffer): void => {
      seen += chunk.toString("utf8");
      const match = pattern.exec(seen);
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.on("exit", () => reject(new Error(`server exited: ${seen.slice(-2000)}`)));
  });
  return { child, port };
}

/** CPU time (user + system, ms) a process has used, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
}

function runOnCore1(command: string, args: readonly string[], env = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("taskset", ["-c", "1", command, ...args], { env });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.resume();
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}`)),
    );
  });
}

async function load(target: string, server: ChildProcess, port: number, rate: number) {
  const before = server.pid === undefined ? 0 : cpuMs(server.pid);
  const args = [join(here, "load.ts"), String(port), String(rate), String(seconds), certFile];
  const output = await runOnCore1(process.execPath, args);
  const after = server.pid === undefined ? 0 : cpuMs(server.pid);
  const row = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as Omit<
    Row,
    "target" | "serverCpuMsPerRequest"
  >;
  const result: Row = {
    target,
    ...row,
    serverCpuMsPerRequest: Math.round(((after - before) / row.requests) * 1000) / 1000,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}

interface WrkRow {
  readonly connections: number;
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Closed loop (no coordinated-omission correction): the capacity, not the latency at a rate. */
async function wrk(port: number): Promise<WrkRow | undefined> {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is "not installed".
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
  }
  const body = join(dir, "review.json");
  const reviews = JSON.parse(readFileSync(join(here, "reviews.json"), "utf8")) as unknown[];
  writeFileSync(body, JSON.stringify(reviews[0]));
  const connections = 8;
  const output = await runOnCore1(
    "wrk",
    [
      "-t1",
      `-c${connections}`,
      `-d${seconds}s`,
      "--latency",
      "-s",
      join(here, "post.lua"),
      `https://127.0.0.1:${port}/validate`,
    ],
    { ...process.env, TENET_BENCH_BODY: body },
  );
  const ms = (label: string): number => {
    const match = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(output); // "99%  1.23ms"
    const value = Number(match?.[1] ?? NaN);
    return match?.[2] === "us" ? value / 1000 : match?.[2] === "s" ? value * 1000 : value;
  };
  return {
    connections,
    throughput: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN)),
    p50Ms: ms("50"),
    p99Ms: ms("99"),
  };
}

async function apiserverLatency(tenetPort: number): Promise<CreateLatency | string> {
  const lookup = findBinaries();
  if (!lookup.found) return `not measured: ${lookup.reason}`;
  const plane = await startControlPlane({ binaries: lookup.binaries, dir: join(dir, "k8s") });
  try {
    return await podCreateLatency(
      plane.info,
      { url: `https://127.0.0.1:${tenetPort}`, caPem: tls.cert },
      creates,
    );
  } finally {
    await plane.stop();
  }
}

const loadAtStart = loadavg()[0] ?? NaN;
const rows: Row[] = [];
let closedLoop: WrkRow | undefined;
let podCreates: CreateLatency | string;
const trivial = await startServer(
  [join(here, "trivial-server.ts"), certFile, keyFile],
  /listening (\d+)/,
);
try {
  rows.push(await load("trivial TLS server", trivial.child, trivial.port, 1000));
} finally {
  if (trivial.child.pid !== undefined) process.kill(-trivial.child.pid, "SIGKILL");
}
const tenet = await startServer(
  [
    join(root, "bin/tenet.js"),
    "serve",
    "--port",
    "0",
    "--tls-cert",
    certFile,
    "--tls-key",
    keyFile,
  ],
  /tenet serving https:\/\/127\.0\.0\.1:(\d+)/,
);
try {
  await runOnCore1(process.execPath, [
    join(here, "load.ts"),
    String(tenet.port),
    "200",
    "3",
    certFile,
  ]); // warm-up
  for (const rate of rates) rows.push(await load("tenet serve", tenet.child, tenet.port, rate));
  closedLoop = await wrk(tenet.port);
  process.stdout.write(`wrk: ${JSON.stringify(closedLoop ?? "not installed")}\n`);
  podCreates = await apiserverLatency(tenet.port);
  process.stdout.write(`pod creates: ${JSON.stringify(podCreates)}\n`);
} finally {
  if (tenet.child.pid !== undefined) process.kill(-tenet.child.pid, "SIGTERM");
}

// Other processes' load shows in every wall-clock column: say how busy the machine was.
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), load average ${loadAtStart.toFixed(1)} at the start and ${(loadavg()[0] ?? NaN).toFixed(1)} at the end; servers on core 0, load generators on core 1`;
const results = {
  date: new Date().toISOString(),
  node: process.version,
  machine,
  seconds,
  rows,
  closedLoop: closedLoop ?? "wrk not installed",
  podCreates,
};
await writeFile(new URL("results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
const apiserverLines =
  typeof podCreates === "string"
    ? [`Pod creates through kube-apiserver: ${podCreates}`]
    : [
        `Pod creates through the real kube-apiserver (server-side \`dryRun=All\`: the admission chain runs, etcd is not written), ${podCreates.creates} sequential creates each:`,
        "",
        "| webhooks | p50 ms | p99 ms |",
        "| --- | --- | --- |",
        `| none | ${podCreates.withoutP50Ms} | ${podCreates.withoutP99Ms} |`,
        `| Tenet validate + mutate | ${podCreates.withP50Ms} | ${podCreates.withP99Ms} |`,
        `| added | ${podCreates.addedP50Ms} | ${podCreates.addedP99Ms} |`,
      ];
await writeFile(
  new URL("results.md", import.meta.url),
  [
    "# Admission benchmark",
    "",
    `${results.date}, Node ${results.node}, ${machine}. \`npm run bench -- admission\` (bench/admission/run.ts), ${seconds} s per rate.`,
    "Open-loop load: latency is measured from when each request was due (coordinated omission corrected). Target: p99 under 5 ms at 1000 requests/s. CPU columns: milliseconds of CPU per request (user + system, from process.cpuUsage and /proc), less sensitive than wall time to other processes on the machine. The trivial TLS server row is the floor: the generator, TLS and HTTP without Tenet.",
    "",
    "| target | rate (req/s) | requests | ok | errors | throughput | p50 ms | p99 ms | p99.9 ms | max ms | server CPU ms/req | generator CPU ms/req |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (row) =>
        `| ${row.target} | ${row.rate} | ${row.requests} | ${row.ok} | ${row.errors} | ${row.throughput} | ${row.p50Ms} | ${row.p99Ms} | ${row.p999Ms} | ${row.maxMs} | ${row.serverCpuMsPerRequest} | ${row.loaderCpuMsPerRequest} |`,
    ),
    "",
    closedLoop === undefined
      ? "wrk: not installed (apt-get install wrk)."
      : `wrk closed loop (${closedLoop.connections} connections, not corrected for coordinated omission): ${closedLoop.throughput} req/s, p50 ${closedLoop.p50Ms} ms, p99 ${closedLoop.p99Ms} ms.`,
    "",
    ...apiserverLines,
    "",
    existsSync(join(here, "NOTES.md")) ? "See NOTES.md for how the causes were found." : "",
  ].join("\n"),
);
