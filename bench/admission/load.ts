// Open-loop load generator: sends AdmissionReviews at a fixed rate for a bounded time and
// measures each latency from the moment the request was *due*, so that a stalled server is not
// hidden by a generator that waits for it (coordinated omission). Prints one JSON line.
//
// It speaks HTTP/1.1 over raw keep-alive TLS sockets with prebuilt request bytes: Node's https
// client cost ~0.8 ms of CPU per request, so at 1000 req/s the generator's own queueing was
// measured as server latency. A request due while every connection is busy waits in a queue
// (its wait counts), and a new connection is opened up to `maxConnections`.
import { readFileSync } from "node:fs";
import { connect, type TLSSocket } from "node:tls";

const [port = "0", rate = "100", seconds = "10", caFile = "", path = "/validate"] =
  process.argv.slice(2);
const ca = readFileSync(caFile, "utf8");
const maxConnections = 64;
const bodies = JSON.parse(
  readFileSync(new URL("reviews.json", import.meta.url), "utf8"),
) as unknown[];
const requests = bodies.map((body) => {
  const payload = Buffer.from(JSON.stringify(body));
  const head = `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), payload]);
});

const total = Number(rate) * Number(seconds);
const interval = 1000 / Number(rate);
const latencies: number[] = [];
let errors = 0;
let done = 0;
let connections = 0;
const idle: Connection[] = [];
const waiting: { readonly index: number; readonly due: number }[] = [];
const start = performance.now();
let resolveAll: () => void = () => undefined;
const finished = new Promise<void>((resolve) => (resolveAll = resolve));

interface Connection {
  readonly socket: TLSSocket;
  due: number;
  buffer: Buffer;
}

function finish(ok: boolean, due: number): void {
  if (ok) latencies.push(performance.now() - due);
  else errors += 1;
  done += 1;
  if (done === total) resolveAll();
}

function open(): void {
  connections += 1;
  const socket = connect({ host: "127.0.0.1", port: Number(port), ca, servername: "localhost" });
  socket.setNoDelay(true);
  const connection: Connection = { socket, due: -1, buffer: Buffer.alloc(0) };
  socket.once("secureConnect", () => release(connection));
  socket.on("data", (chunk: Buffer) => {
    connection.buffer =
      connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
    const status = complete(connection.buffer);
    if (status === undefined) return;
    const due = connection.due;
    connection.buffer = Buffer.alloc(0);
    connection.due = -1;
    finish(status === 200, due);
    release(connection);
  });
  socket.on("error", () => undefined);
  socket.on("close", () => {
    connections -= 1;
    if (connection.due >= 0) finish(false, connection.due);
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
  });
}

/** The status of a complete response in `buffer` (Content-Length framing), else undefined. */
function complete(buffer: Buffer): number | undefined {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const head = buffer.toString("latin1", 0, end);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1]; // the body's declared size
  if (buffer.length < end + 4 + Number(length ?? "0")) return undefined;
  return Number(head.slice(9, 12));
}

function release(connection: Connection): void {
  const next = waiting.shift();
  if (next === undefined) idle.push(connection);
  else write(connection, next.index, next.due);
}

function write(connection: Connection, index: number, due: number): void {
  connection.due = due;
  connection.socket.write(requests[index % requests.length] ?? Buffer.alloc(0));
}

function send(index: number, due: number): void {
  const connection = idle.pop();
  if (connection !== undefined) write(connection, index, due);
  else {
    waiting.push({ index, due });
    if (connections < maxConnections) open();
  }
}

// One ticker sends whatever has come due: thousands of pending timers would themselves delay
// the event loop and be measured as server latency.
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
await finished;

const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number): number =>
  Math.round(
    (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN) * 1000,
  ) / 1000;
for (const connection of idle) connection.socket.destroy();
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({ rate: Number(rate), requests: total, ok: latencies.length, errors, throughput: Math.round(latencies.length / elapsed), p50Ms: at(0.5), p99Ms: at(0.99), p999Ms: at(0.999), maxMs: at(1), loaderCpuMsPerRequest: Math.round(((cpu.user + cpu.system) / 1000 / total) * 1000) / 1000 })}\n`,
);
