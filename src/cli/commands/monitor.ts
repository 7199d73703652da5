import { readFile, rename, writeFile } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { Command } from "commander";
import { SourceError, UsageError } from "../../model/errors.ts";
import {
  addDetectionOptions,
  baselineSettings,
  type DetectionOptions,
} from "../detection-options.ts";
import { createMonitor } from "../../monitor/monitor.ts";
import { rules } from "../../rules/index.ts";
import { memoryStore } from "../../server/audit/memory-store.ts";
import { streamSink, webhookSink, type AlertSink } from "../../server/audit/sinks.ts";
import { openSqliteStore } from "../../server/audit/sqlite-store.ts";
import type { EventStore } from "../../server/audit/store.ts";
import { parseAuditLines, type AuditRejection } from "../../sources/audit/parse-batch.ts";
import { readAuditLog, type LogPosition } from "../../sources/audit/follow.ts";
import type { CliIo } from "../io.ts";

interface MonitorOptions extends DetectionOptions {
  readonly auditLog: string;
  readonly follow?: boolean;
  readonly checkpoint?: string;
  readonly db?: string;
}

interface Totals {
  lines: number;
  stored: number;
  duplicates: number;
  alerts: number;
  rejected: AuditRejection[];
}

/** Rejections listed at the end; all are counted. */
const LISTED_REJECTIONS = 20;

export function monitorCommand(io: CliIo): Command {
  return addDetectionOptions(
    new Command("monitor")
      .description(
        "Run the detection rules over a JSON-lines audit log (a file, followed, or stdin)",
      )
      .option("--audit-log <file>", "the apiserver's JSON audit log; - for stdin", "-")
      .option("-f, --follow", "keep reading as the log grows, across rotations")
      .option("--checkpoint <file>", "resume from, and save, the position in the log here")
      .option("--db <path>", "store events and alerts in this SQLite file (for `tenet alerts`)"),
  ).action(async (options: MonitorOptions) => {
    await monitor(io, options);
  });
}

async function monitor(io: CliIo, options: MonitorOptions): Promise<void> {
  const { learningSeconds } = baselineSettings(options);
  const stdin = options.auditLog === "-";
  if (stdin && (options.follow === true || options.checkpoint !== undefined))
    throw new UsageError("--follow and --checkpoint need --audit-log <file>");
  const store: EventStore = options.db === undefined ? memoryStore() : openSqliteStore(options.db);
  // With --db, the baselines carry on from the previous run's.
  const judge = createMonitor({
    rules,
    baseline: { learningSeconds, trustedNetworks: options.trustedNetwork },
    known: await store.loadBaselines(),
  });
  const file =
    options.alertsFile === "-" ? undefined : createWriteStream(options.alertsFile, { flags: "a" });
  const log = (entry: Record<string, unknown>): void => {
    io.stderr.write(`${JSON.stringify(entry)}\n`);
  };
  const webhook =
    options.alertWebhook === undefined
      ? undefined
      : webhookSink({ url: options.alertWebhook, log });
  const sinks: AlertSink[] = [
    streamSink(file ?? io.stdout),
    ...(webhook === undefined ? [] : [webhook.sink]),
  ];
  const totals: Totals = { lines: 0, stored: 0, duplicates: 0, alerts: 0, rejected: [] };
  const name = stdin ? "<stdin>" : options.auditLog;

  const process = async (lines: readonly { text: string; line: number }[]): Promise<void> => {
    totals.lines += lines.length;
    const { events, rejected, verbatim } = parseAuditLines(
      lines.map(({ text, line }) => ({ text, where: `${name}:${line}` })),
    );
    totals.rejected.push(...rejected);
    const batch = await store.ingest(events, judge, verbatim);
    totals.stored += batch.stored;
    totals.duplicates += batch.duplicates;
    totals.alerts += batch.alerts.length;
    for (const sink of sinks) sink(batch.alerts);
  };

  const abort = new AbortController();
  const stop = (): void => abort.abort();
  globalThis.process.once("SIGINT", stop);
  globalThis.process.once("SIGTERM", stop);
  try {
    if (stdin) {
      let line = 0;
      let pending: { text: string; line: number }[] = [];
      for await (const text of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
        pending.push({ text, line: (line += 1) });
        if (pending.length >= 400) {
          await process(pending);
          pending = [];
        }
      }
      await process(pending);
    } else {
      const from =
        options.checkpoint === undefined ? undefined : await readCheckpoint(options.checkpoint);
      const chunks = readAuditLog(options.auditLog, {
        follow: options.follow === true,
        ...(from === undefined ? {} : { from }),
        signal: abort.signal,
      });
      for await (const chunk of chunks) {
        await process(chunk.lines);
        // The position is saved only after the lines are stored: a crash re-reads, never skips.
        if (options.checkpoint !== undefined)
          await saveCheckpoint(options.checkpoint, chunk.position);
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new SourceError(`cannot read ${options.auditLog}: no such file`, { cause: error });
    throw error;
  } finally {
    globalThis.process.off("SIGINT", stop);
    globalThis.process.off("SIGTERM", stop);
    await webhook?.flush();
    if (file !== undefined) await new Promise((resolve) => file.end(resolve));
    await store.close();
  }
  report(io, totals);
}

function report(io: CliIo, totals: Totals): void {
  for (const rejection of totals.rejected.slice(0, LISTED_REJECTIONS))
    io.stderr.write(`${rejection.where}: ${rejection.reason}\n`);
  if (totals.rejected.length > LISTED_REJECTIONS)
    io.stderr.write(`... and ${totals.rejected.length - LISTED_REJECTIONS} more rejected lines\n`);
  io.stderr.write(
    `${totals.lines} lines: ${totals.stored} events judged, ${totals.duplicates} duplicates, ${totals.rejected.length} rejected, ${totals.alerts} alerts\n`,
  );
}

async function readCheckpoint(path: string): Promise<LogPosition | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SourceError(`cannot read checkpoint ${path}`, { cause: error });
  }
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { dev, ino, offset, line } = value;
    if ([dev, ino, offset, line].every((field) => typeof field === "number"))
      return { dev, ino, offset, line } as LogPosition;
  } catch {
    // reported below
  }
  throw new SourceError(
    `checkpoint ${path}: expected {"dev","ino","offset","line"} numbers; delete it to start over`,
  );
}

/** Written beside and renamed over, so a crash leaves the old checkpoint or the new one. */
async function saveCheckpoint(path: string, position: LogPosition): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, JSON.stringify(position), { flush: true });
  await rename(temporary, path);
}
