// Starts `tenet serve --audit-db` as a child process and posts EventLists to it, for the
// reliability test and the benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { join } from "node:path";

export interface RunningServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly agent: Agent;
}

const bin = join(import.meta.dirname, "../../bin/tenet.js");

/** Spawns the server and resolves once it says where it listens. */
export function startAuditServer(
  dir: string,
  db: string,
  extra: readonly string[] = [],
): Promise<RunningServer> {
  const caFile = join(dir, `ca-${Date.now()}-${Math.random().toString(36).slice(2)}.pem`);
  const child = spawn(
    process.execPath,
    [
      bin,
      "serve",
      "--port",
      "0",
      "--audit-db",
      db,
      "--ca-file",
      caFile,
      "--alerts-file",
      join(dir, "alerts.jsonl"),
      ...extra,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const match = /tenet serving (https:\/\/[^ ]+)/.exec(err);
      if (match?.[1] !== undefined) {
        child.stderr?.removeAllListeners("data");
        child.stderr?.resume();
        resolve({
          child,
          url: match[1],
          agent: new Agent({ ca: readFileSync(caFile), keepAlive: true, maxSockets: 16 }),
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`tenet serve exited (${String(code)}): ${err}`)));
  });
}

/** POSTs a body to /audit; resolves with the status, or 0 when the connection failed. */
export function postAudit(server: RunningServer, body: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      `${server.url}/audit`,
      {
        method: "POST",
        agent: server.agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}
