import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import pino from "pino";
import { checks } from "../../checks/index.ts";
import {
  parseAdmissionPolicy,
  DEFAULT_POLICY,
  type AdmissionPolicy,
} from "../../evaluate/admission/policy.ts";
import { parseExceptions } from "../../evaluate/exceptions.ts";
import { formatDiagnostic } from "../../model/diagnostic.ts";
import { SourceError, UsageError } from "../../model/errors.ts";
import type { FailureMode } from "../../server/admission/handler.ts";
import { createAuditLedger } from "../../server/admission/audit-ledger.ts";
import { tenetRoutes } from "../../server/app.ts";
import { createAuditService, type AuditService } from "../../server/audit/setup.ts";
import { createTenetServer } from "../../server/http-server.ts";
import { createMetrics } from "../../server/metrics.ts";
import { servingTls } from "../../server/tls.ts";
import {
  addDetectionOptions,
  baselineSettings,
  type DetectionOptions,
} from "../detection-options.ts";
import type { CliIo } from "../io.ts";

interface ServeOptions extends DetectionOptions {
  readonly address: string;
  readonly port: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly clientCa?: string;
  readonly host: readonly string[];
  readonly policy?: string;
  readonly exceptions?: string;
  readonly failureMode: FailureMode;
  readonly caFile?: string;
  readonly auditDb?: string;
  readonly retentionDays: string;
  readonly auditedObjects: string;
}

export function serveCommand(io: CliIo): Command {
  return addDetectionOptions(
    new Command("serve")
      .description(
        "Serve the admission webhooks (/validate, /mutate) over HTTPS, with /healthz, /readyz and /metrics",
      )
      .option("--address <ip>", "address to listen on (0.0.0.0 inside a pod)", "127.0.0.1")
      .option("--port <port>", "HTTPS port (0 picks a free one)", "8443")
      .option(
        "--tls-cert <file>",
        "serving certificate (PEM); without it a self-signed one is made",
      )
      .option("--tls-key <file>", "serving key (PEM)")
      .option(
        "--client-ca <file>",
        "require client certificates signed by this CA on the webhook and metrics paths",
      )
      .option(
        "--host <name>",
        "host name or IP for a generated certificate (repeatable)",
        (value: string, previous: readonly string[]) => [...previous, value],
        [] as readonly string[],
      )
      .option(
        "--policy <file>",
        "admission policy (docs/admission.md); default: enforce baseline Pod Security, audit the rest",
      )
      .option("--exceptions <file>", "accepted risks, the same file as `tenet scan --exceptions`")
      .addOption(
        new Option("--failure-mode <mode>", "answer when a request cannot be judged")
          .choices(["closed", "open"])
          .default("closed"),
      )
      .option("--ca-file <file>", "write the CA bundle of a generated certificate to this file")
      .option(
        "--audit-db <path>",
        "accept the apiserver's audit webhook on /audit, storing events in this SQLite file",
      )
      .option("--retention-days <days>", "keep audit events and alerts this long", "30")
      .option(
        "--audited-objects <n>",
        "objects admitted with audit-mode failures kept for GET /policyreports (oldest dropped first)",
        "10000",
      ),
  ).action(async (options: ServeOptions) => {
    await serve(io, options);
  });
}

async function serve(io: CliIo, options: ServeOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: not a port: ${options.port}`);
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  // Asynchronous logging: a synchronous write per decision stalled the event loop (most of the
  // server's CPU time under load, and every stall is every waiting request's). No minimum
  // buffer length, so that a denial reaches the log at once on a quiet server; flushed at exit.
  const destination = pino.destination({ dest: 2, sync: false });
  const log = pino({ base: { service: "tenet" } }, destination);
  const policy = await readPolicy(options.policy);
  const exceptions =
    options.exceptions === undefined
      ? { exceptions: [], diagnostics: [] }
      : parseExceptions(await readText(options.exceptions), options.exceptions);
  for (const diagnostic of exceptions.diagnostics) log.warn(formatDiagnostic(diagnostic));
  const hosts = options.host.length > 0 ? options.host : ["localhost", "127.0.0.1"];
  const tls = await servingTls({
    hosts,
    ...(options.tlsCert === undefined ? {} : { certFile: options.tlsCert }),
    ...(options.tlsKey === undefined ? {} : { keyFile: options.tlsKey }),
    ...(options.clientCa === undefined ? {} : { clientCaFile: options.clientCa }),
  });
  const auditedObjects = Number(options.auditedObjects);
  if (!Number.isInteger(auditedObjects) || auditedObjects < 1)
    throw new UsageError(`--audited-objects: not a positive integer: ${options.auditedObjects}`);
  let ready = false;
  const metrics = createMetrics();
  const audit = auditService(io, options, metrics, log);
  const routes = tenetRoutes({
    isReady: () => ready,
    ...(audit === undefined ? {} : { audit: { handle: audit.handle, ready: audit.ready } }),
    admission: {
      checks,
      policy,
      exceptions: exceptions.exceptions,
      failureMode: options.failureMode,
      now: io.now,
      metrics,
      log: (entry) => log.info(entry),
      ledger: createAuditLedger(checks, auditedObjects),
    },
  });
  const tenet = createTenetServer(tls, routes);
  await new Promise<void>((resolve, reject) => {
    tenet.server.once("error", reject);
    tenet.server.listen(port, options.address, resolve);
  });
  const address = tenet.server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  if (tls.generated) {
    if (options.caFile !== undefined) {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(options.caFile, tls.cert);
    }
    io.stderr.write(
      `Generated a self-signed certificate for ${hosts.join(", ")}; its CA bundle (base64, for caBundle):\n${Buffer.from(tls.cert).toString("base64")}\n`,
    );
  }
  // The signal handlers go in before the announcement: whoever waits for "tenet serving" may
  // send SIGTERM at once, and before a handler exists that signal kills the process outright.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      io.stderr.write(`${signal}: draining requests in flight\n`);
      void tenet
        .shutdown()
        .then(() => audit?.close())
        .then(() => new Promise<void>((flushed) => log.flush(() => flushed())))
        .then(resolve);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  ready = true;
  io.stderr.write(
    `tenet serving https://${options.address}:${bound} (/validate, /mutate,${audit === undefined ? "" : " /audit,"} /policyreports, /healthz, /readyz, /metrics)\n`,
  );
  await stopped;
}

function auditService(
  io: CliIo,
  options: ServeOptions,
  metrics: ReturnType<typeof createMetrics>,
  log: pino.Logger,
): AuditService | undefined {
  if (options.auditDb === undefined) return undefined;
  const retentionDays = Number(options.retentionDays);
  if (!(retentionDays > 0))
    throw new UsageError(`--retention-days: not a positive number: ${options.retentionDays}`);
  const { learningSeconds } = baselineSettings(options);
  return createAuditService({
    dbPath: options.auditDb,
    alertsFile: options.alertsFile,
    ...(options.alertWebhook === undefined ? {} : { alertWebhook: options.alertWebhook }),
    retentionDays,
    trustedNetworks: options.trustedNetwork,
    learningSeconds,
    metrics,
    now: io.now,
    log: (entry) => log.info(entry),
    stdout: io.stdout,
  });
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new SourceError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
}

async function readPolicy(path: string | undefined): Promise<AdmissionPolicy> {
  if (path === undefined) return DEFAULT_POLICY;
  const parsed = parseAdmissionPolicy(await readText(path));
  if (!parsed.ok) throw new SourceError(`${path}: ${parsed.errors.join("; ")}`);
  return parsed.policy;
}
