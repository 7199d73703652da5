// Child process of the scan benchmark: runs one `tenet scan` in-process and prints its wall
// time, CPU time and peak memory as JSON, so that the parent measures nothing but the scan.
// CPU time is printed beside wall time because the machines this runs on are shared: on a loaded
// core, wall time measures the neighbours as much as the scan.
import { PassThrough } from "node:stream";
import { main } from "../../src/cli/main.ts";

const [dir = ".", format = "json"] = process.argv.slice(2);
const sink = new PassThrough();
let bytes = 0;
sink.on("data", (chunk: Buffer) => (bytes += chunk.length));
const started = performance.now();
const cpuStarted = process.cpuUsage();
const code = await main(["scan", dir, "-o", format, "--fail-on", "none"], {
  stdout: sink,
  stderr: process.stderr,
  stdin: process.stdin,
  isTty: false,
  env: {},
  cwd: process.cwd(),
  now: () => new Date("2026-06-01T00:00:00Z"),
});
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
process.stdout.write(
  `${JSON.stringify({
    code,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    outputMiB: Math.round((bytes / 1024 / 1024) * 10) / 10,
  })}\n`,
);
