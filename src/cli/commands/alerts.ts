import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { SEVERITIES, type Severity } from "../../model/check-meta.ts";
import { SourceError, UsageError } from "../../model/errors.ts";
import { ecsLine } from "../../monitor/ecs.ts";
import { openSqliteStore } from "../../server/audit/sqlite-store.ts";
import type { CliIo } from "../io.ts";

interface AlertsOptions {
  readonly db: string;
  readonly rule?: string;
  readonly severity?: Severity;
  readonly since?: string;
  readonly user?: string;
  readonly namespace?: string;
  readonly limit: string;
  readonly output: "text" | "ecs";
}

export function alertsCommand(io: CliIo): Command {
  return new Command("alerts")
    .description("Query the alerts stored by `tenet serve --audit-db` or `tenet monitor --db`")
    .requiredOption("--db <path>", "the SQLite store")
    .option("--rule <id>", "only this rule")
    .addOption(new Option("--severity <level>", "this severity or worse").choices(SEVERITIES))
    .option("--since <time>", "only alerts at or after this time (RFC 3339)")
    .option("--user <name>", "only this identity")
    .option("--namespace <name>", "only this namespace")
    .option("--limit <n>", "at most this many, newest first", "100")
    .addOption(
      new Option("-o, --output <format>", "output format").choices(["text", "ecs"]).default("text"),
    )
    .action(async (options: AlertsOptions) => {
      await queryAlerts(io, options);
    });
}

async function queryAlerts(io: CliIo, options: AlertsOptions): Promise<void> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit <= 0)
    throw new UsageError(`--limit: not a positive integer: ${options.limit}`);
  const since = options.since === undefined ? undefined : new Date(options.since);
  if (since !== undefined && Number.isNaN(since.getTime()))
    throw new UsageError(`--since: not a time: ${options.since}`);
  // Opening a missing file would create an empty store and hide a typo.
  if (!existsSync(options.db)) throw new SourceError(`cannot read ${options.db}: no such file`);
  const store = openSqliteStore(options.db);
  try {
    const alerts = await store.queryAlerts({
      limit,
      ...(options.rule === undefined ? {} : { ruleId: options.rule }),
      ...(options.severity === undefined ? {} : { minSeverity: options.severity }),
      ...(since === undefined ? {} : { since }),
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    });
    for (const alert of alerts) {
      io.stdout.write(
        options.output === "ecs"
          ? ecsLine(alert)
          : `${alert.timestamp}  ${alert.severity.padEnd(8)} ${alert.ruleId.padEnd(30)} ${alert.message}\n`,
      );
    }
    if (options.output === "text") io.stderr.write(`${alerts.length} alerts\n`);
  } finally {
    await store.close();
  }
}
