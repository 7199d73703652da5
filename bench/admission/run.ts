// `tenet serve` under load: /validate over TLS on loopback with realistic Pod and Deployment
// reviews at 100, 500 and 1000 requests per second, 10 s each (bounded: rate x 10 requests).
// The server is pinned to core 0 and the load generator to core 1. Writes results.json/.md.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tenet-bench-admission-"));
const caFile = join(dir, "ca.pem");
const rates = [100, 500, 1000];
const seconds = 10;

const server = spawn(
  "taskset",
  [
    "-c",
    "0",
    process.execPath,
    join(root, "bin/tenet.js"),
    "serve",
    "--port",
    "0",
    "--ca-file",
    caFile,
  ],
  { stdio: ["ignore", "ignore", "pipe"], detached: true },
);
const port = await new Promise<number>((resolve, reject) => {
  let seen = "";
  server.stderr.on("data", (chunk: Buffer) => {
    seen += chunk.toString("utf8");
    const match = /tenet serving https:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
    if (match?.[1] !== undefined) resolve(Number(match[1]));
  });
  server.on("exit", () => reject(new Error(`tenet serve exited: ${seen}`)));
});

interface Row {
  readonly rate: number;
  readonly requests: number;
  readonly ok: number;
  readonly errors: number;
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}
const rows: Row[] = [];
let serverSide: readonly { readonly le: string; readonly share: number }[];

/**
 * The server's own view, from `tenet_admission_duration_seconds`: the share of all validations
 * (warm-up included) answered within each bucket, body parsed to answer built, without TLS and
 * the client.
 */
async function serverHistogram(
  port: number,
  caFile: string,
): Promise<{ le: string; share: number }[]> {
  const { request } = await import("node:https");
  const { readFileSync } = await import("node:fs");
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/metrics", ca: readFileSync(caFile) },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        res.on("end", () => resolve(body));
      },
    );
    req.on("error", reject);
    req.end();
  });
  const buckets = [
    ...text.matchAll(
      /tenet_admission_duration_seconds_bucket\{le="([^"]+)",endpoint="validate"\} (\d+)/g,
    ),
  ];
  const total = Number(buckets.at(-1)?.[2] ?? "0");
  return buckets.map((match) => ({
    le: match[1] ?? "",
    share: total === 0 ? 0 : Number(match[2]) / total,
  }));
}
try {
  // Warm-up: JIT and TLS sessions, not measured.
  execFileSync("taskset", [
    "-c",
    "1",
    process.execPath,
    fileURLToPath(new URL("load.ts", import.meta.url)),
    String(port),
    "200",
    "3",
    caFile,
  ]);
  for (const rate of rates) {
    const output = execFileSync(
      "taskset",
      [
        "-c",
        "1",
        process.execPath,
        fileURLToPath(new URL("load.ts", import.meta.url)),
        String(port),
        String(rate),
        String(seconds),
        caFile,
      ],
      { encoding: "utf8" },
    );
    const row = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as Row;
    rows.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
  }
  serverSide = await serverHistogram(port, caFile);
} finally {
  if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
}

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}); server on core 0, load generator on core 1`;
const results = {
  date: new Date().toISOString(),
  node: process.version,
  machine,
  seconds,
  rows,
  serverSide,
};
await writeFile(new URL("results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(
  new URL("results.md", import.meta.url),
  [
    "# Admission benchmark",
    "",
    `${results.date}, Node ${results.node}, ${machine}. \`npm run bench -- admission\` (bench/admission/run.ts).`,
    "Open-loop load: latency is measured from when each request was due. Target: p99 under 5 ms at 1000 requests/s.",
    "",
    "| rate (req/s) | requests | ok | errors | throughput | p50 ms | p99 ms | p99.9 ms | max ms |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (row) =>
        `| ${row.rate} | ${row.requests} | ${row.ok} | ${row.errors} | ${row.throughput} | ${row.p50Ms} | ${row.p99Ms} | ${row.p999Ms} | ${row.maxMs} |`,
    ),
    "",
  ].join("\n"),
);
