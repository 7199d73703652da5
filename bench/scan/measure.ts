// Child process of the scan benchmark: runs one `tenet scan` in-process and prints its wall
// time and peak memory as JSON, so that the parent measures nothing but the scan.
import { PassThrough } from "node:stream";
import { main } from "../../src/cli/main.ts";

const [dir = "."] = process.argv.slice(2);
const sink = new PassThrough();
sink.resume();
const started = performance.now();
const code = await main(["scan", dir, "-o", "json", "--fail-on", "none"], {
  stdout: sink,
  stderr: process.stderr,
  stdin: process.stdin,
  isTty: false,
  env: {},
  cwd: process.cwd(),
  now: () => new Date("2026-06-01T00:00:00Z"),
});
const wallMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ code, wallMs: Math.round(wallMs), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
