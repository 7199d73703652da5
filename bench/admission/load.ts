// Open-loop load generator: sends AdmissionReviews at a fixed rate for a bounded time and
// measures each latency from the moment the request was *due*, so that a stalled server is not
// hidden by a generator that waits for it (coordinated omission). Prints one JSON line.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";

const [port = "0", rate = "100", seconds = "10", caFile = ""] = process.argv.slice(2);
const ca = readFileSync(caFile, "utf8");
const agent = new Agent({ keepAlive: true, maxSockets: 128, ca });
const bodies = JSON.parse(
  readFileSync(new URL("reviews.json", import.meta.url), "utf8"),
) as unknown[];
const payloads = bodies.map((body) => JSON.stringify(body));

const total = Number(rate) * Number(seconds);
const interval = 1000 / Number(rate);
const latencies: number[] = [];
let errors = 0;
let done = 0;
const start = performance.now();

await new Promise<void>((resolve) => {
  const finish = (): void => {
    done += 1;
    if (done === total) resolve();
  };
  const send = (index: number, due: number): void => {
    const payload = payloads[index % payloads.length] ?? "{}";
    const req = request(
      {
        host: "127.0.0.1",
        port: Number(port),
        path: "/validate",
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - due);
          else errors += 1;
          finish();
        });
      },
    );
    req.on("error", () => {
      errors += 1;
      finish();
    });
    req.end(payload);
  };
  // One ticker sends whatever has come due: thousands of pending timers would themselves
  // delay the event loop and be measured as server latency.
  let next = 0;
  const tick = (): void => {
    const now = performance.now();
    while (next < total && start + next * interval <= now) {
      send(next, start + next * interval);
      next += 1;
    }
    if (next < total) setTimeout(tick, 1);
  };
  tick();
});

const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number): number =>
  Math.round(
    (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN) * 1000,
  ) / 1000;
agent.destroy();
process.stdout.write(
  `${JSON.stringify({ rate: Number(rate), requests: total, ok: latencies.length, errors, throughput: Math.round(latencies.length / elapsed), p50Ms: at(0.5), p99Ms: at(0.99), p999Ms: at(0.999), maxMs: at(1) })}\n`,
);
