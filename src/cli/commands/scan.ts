import { once } from "node:events";
import { open, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { checks } from "../../checks/index.ts";
import { assess } from "../../evaluate/assess.ts";
import { parseExceptions, type ExceptionEntry } from "../../evaluate/exceptions.ts";
import { selectChecks } from "../../evaluate/select-checks.ts";
import {
  FRAMEWORKS,
  PILLARS,
  SEVERITIES,
  isAtLeast,
  type FrameworkId,
  type Pillar,
  type Severity,
} from "../../model/check-meta.ts";
import { formatDiagnostic, type Diagnostic } from "../../model/diagnostic.ts";
import { SourceError, UsageError } from "../../model/errors.ts";
import type { ScanReport } from "../../model/report.ts";
import { coalesce } from "../../reports/chunks.ts";
import { FORMAT_NAMES, formatters, type FormatName } from "../../reports/index.ts";
import { parseApiserverFlagsFile } from "../../sources/apiserver-flags.ts";
import { loadSources } from "../../sources/index.ts";
import { loadLiveCluster, type LiveProgress } from "../../sources/live/index.ts";
import type { LoadedObject } from "../../model/inventory.ts";
import { EXIT, type CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import { TOOL_NAME, TOOL_VERSION } from "../version.ts";

interface ScanOptions {
  readonly filename: readonly string[];
  readonly output: FormatName;
  readonly outputFile?: string;
  readonly htmlReport?: string;
  readonly failOn: Severity | "none";
  readonly exceptions?: string;
  readonly apiserverFlags?: string;
  readonly namespace: readonly string[];
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly includeSecretData?: boolean;
  readonly timeout: string;
  readonly check?: readonly string[];
  readonly skipCheck?: readonly string[];
  readonly pillar?: readonly Pillar[];
  readonly color?: boolean;
  readonly now?: string;
  readonly framework?: FrameworkId;
}

const collect = (value: string, previous: readonly string[] = []): readonly string[] => [
  ...previous,
  ...value.split(",").filter((part) => part !== ""),
];

export function scanCommand(io: CliIo, exit: ExitState): Command {
  return new Command("scan")
    .description(
      "Assess manifests (files, directories, `-` for stdin) against every zero-trust control",
    )
    .argument("[paths...]", "files or directories of YAML/JSON manifests, or - for stdin")
    .option("-f, --filename <path>", "a file or directory to scan (repeatable)", collect, [])
    .addOption(
      new Option("-o, --output <format>", "report format").choices(FORMAT_NAMES).default("text"),
    )
    .option("--output-file <path>", "write the report to a file instead of stdout")
    .option("--html-report <path>", "also write the HTML report to this file")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a failing finding is at least this severe")
        .choices([...SEVERITIES, "none"])
        .default("high"),
    )
    .option(
      "--exceptions <file>",
      "accepted risks, with owner, reason and expiry (docs/exceptions.md)",
    )
    .option("--apiserver-flags <file>", "kube-apiserver flags, one or more per line")
    .option(
      "-n, --namespace <names>",
      "live: scan only these namespaces (repeatable); files: the namespace of manifests that name none",
      collect,
      [],
    )
    .option(
      "--kubeconfig <file>",
      "scan the live cluster of this kubeconfig (default with no paths: $KUBECONFIG, then ~/.kube/config)",
    )
    .option("--context <name>", "kubeconfig context for a live scan")
    .option(
      "--include-secret-data",
      "live: read Secret data for certificate controls (needs the opt-in role)",
    )
    .option("--timeout <seconds>", "live: give up on kinds not read by then", "300")
    .option("--check <ids>", "run only these controls (comma-separated, repeatable)", collect)
    .option(
      "--skip-check <ids>",
      "do not run these controls (comma-separated, repeatable)",
      collect,
    )
    .addOption(
      new Option(
        "--pillar <pillars>",
        `run only these pillars (comma-separated: ${PILLARS.join(", ")})`,
      ).argParser((value, previous: readonly Pillar[] = []) => [...previous, ...pillarsOf(value)]),
    )
    .addOption(
      new Option("--framework <name>", "add the compliance view of a framework").choices(
        FRAMEWORKS,
      ),
    )
    .option("--no-color", "never color the text report (default: color on a terminal)")
    .option("--now <time>", "reference time for expiry checks (ISO 8601; default: now)")
    .addHelpText(
      "after",
      "\nExit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors (the report is then marked incomplete), 3 internal error.",
    )
    .action(async (paths: readonly string[], options: ScanOptions) => {
      exit.code = await runScan(io, [...paths, ...options.filename], options);
    });
}

async function runScan(
  io: CliIo,
  inputs: readonly string[],
  options: ScanOptions,
): Promise<number> {
  const live =
    inputs.length === 0 || options.kubeconfig !== undefined || options.context !== undefined;
  const now = referenceTime(options.now, io);
  const loaded: Loaded = live
    ? await loadLive(io, options)
    : await loadSources(inputs, { stdin: io.stdin });
  const flags =
    options.apiserverFlags === undefined
      ? { objects: [], diagnostics: [] }
      : parseApiserverFlagsFile(await readText(io, options.apiserverFlags), options.apiserverFlags);
  const exceptions = await readExceptions(io, options.exceptions);
  const [defaultNamespace = "default"] = live ? [] : options.namespace;
  const report = assess({
    objects: [...loaded.objects, ...flags.objects],
    diagnostics: [...loaded.diagnostics, ...flags.diagnostics, ...exceptions.diagnostics],
    files: loaded.files.length + (options.apiserverFlags === undefined ? 0 : 1),
    sources: live ? loaded.files : inputs,
    checks: selectChecks(checks, {
      ...(options.check === undefined ? {} : { only: options.check }),
      ...(options.skipCheck === undefined ? {} : { skip: options.skipCheck }),
      ...(options.pillar === undefined ? {} : { pillars: options.pillar }),
    }),
    exceptions: exceptions.exceptions,
    now,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    defaultNamespace,
    ...(loaded.unobservedKinds === undefined ? {} : { unobservedKinds: loaded.unobservedKinds }),
    ...(options.framework === undefined ? {} : { framework: options.framework }),
  });
  const color =
    options.color !== false &&
    io.isTty &&
    options.outputFile === undefined &&
    io.env["NO_COLOR"] === undefined;
  await writeReport(io, formatters[options.output](report, { color }), options.outputFile);
  if (options.output !== "text" || options.outputFile !== undefined) {
    writeDiagnostics(io, report.diagnostics);
  }
  if (options.htmlReport !== undefined) {
    await writeReport(io, formatters.html(report, { color: false }), options.htmlReport);
    io.stderr.write(`HTML report: ${resolve(io.cwd, options.htmlReport)}\n`);
  }
  return exitCodeOf(report, options.failOn);
}

/** Characters per write: large enough for few system calls, small beside a 100k-object report. */
export const WRITE_PIECE_CHARS = 1 << 20;

/**
 * Writes a report's chunks to the file, else to stdout, as they are made: the report of a large
 * cluster is never one string. A report shorter than `pieceChars` is written in one piece.
 */
export async function writeReport(
  io: CliIo,
  chunks: Iterable<string>,
  outputFile: string | undefined,
  pieceChars: number = WRITE_PIECE_CHARS,
): Promise<void> {
  const pieces = coalesce(chunks, pieceChars);
  if (outputFile === undefined) {
    for (const piece of pieces) {
      // Honour backpressure: a slow reader of stdout must not make us buffer the whole report.
      if (!io.stdout.write(piece)) await once(io.stdout, "drain");
    }
    return;
  }
  const file = await open(resolve(io.cwd, outputFile), "w");
  try {
    for (const piece of pieces) await file.write(piece, null, "utf8");
  } finally {
    await file.close();
  }
}

interface Loaded {
  readonly objects: readonly LoadedObject[];
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
  readonly unobservedKinds?: readonly string[];
}

/**
 * Reads the live cluster, like kubectl: the kubeconfig given, else $KUBECONFIG, else
 * ~/.kube/config. Kinds Tenet may not read are named: the controls that need them skip, and
 * the report is incomplete, except for Secrets without --include-secret-data, which the
 * least-privilege role (deploy/rbac/) deliberately does not grant.
 */
async function loadLive(io: CliIo, options: ScanOptions): Promise<Loaded> {
  const timeout = Number(options.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new UsageError(
      `--timeout: expected a positive number of seconds (got "${options.timeout}")`,
    );
  }
  const progress = io.isTty
    ? (p: LiveProgress) =>
        io.stderr.write(`\r\x1b[K[${p.done}/${p.total}] ${p.finished}: ${p.objects}`)
    : undefined;
  try {
    const result = await loadLiveCluster({
      ...(options.kubeconfig === undefined
        ? {}
        : { kubeconfig: resolve(io.cwd, options.kubeconfig) }),
      ...(options.context === undefined ? {} : { context: options.context }),
      ...(options.namespace.length === 0 ? {} : { namespaces: options.namespace }),
      includeSecretData: options.includeSecretData === true,
      timeoutMs: timeout * 1000,
      env: io.env,
      ...(progress === undefined ? {} : { onProgress: progress }),
    });
    const secretsByDesign = options.includeSecretData !== true;
    const isExpected = (diagnostic: Diagnostic): boolean =>
      secretsByDesign &&
      diagnostic.code === "unobserved-kind" &&
      diagnostic.message.startsWith("unobserved: Secret ");
    return {
      ...result,
      diagnostics: result.diagnostics.map((diagnostic) =>
        isExpected(diagnostic) ? { ...diagnostic, severity: "warning" } : diagnostic,
      ),
      unobservedKinds: [...new Set(result.unobserved.map((entry) => entry.kind))],
    };
  } finally {
    if (progress !== undefined) io.stderr.write("\r\x1b[K");
  }
}

/** Input errors outrank findings: an incomplete scan cannot vouch for anything. */
function exitCodeOf(report: ScanReport, failOn: Severity | "none"): number {
  if (!report.complete) return EXIT.usage;
  if (failOn === "none") return EXIT.ok;
  const failing = report.findings.some(
    (finding) => finding.status === "fail" && isAtLeast(finding.severity, failOn),
  );
  return failing ? EXIT.findings : EXIT.ok;
}

function writeDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) io.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
}

function referenceTime(value: string | undefined, io: CliIo): Date {
  if (value === undefined) return io.now();
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new UsageError(`--now: not an ISO 8601 time: "${value}"`);
  return time;
}

async function readText(io: CliIo, path: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, path), "utf8");
  } catch (error) {
    throw new SourceError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
}

async function readExceptions(
  io: CliIo,
  path: string | undefined,
): Promise<{ exceptions: readonly ExceptionEntry[]; diagnostics: readonly Diagnostic[] }> {
  if (path === undefined) return { exceptions: [], diagnostics: [] };
  return parseExceptions(await readText(io, path), path);
}

function pillarsOf(value: string): readonly Pillar[] {
  return value.split(",").map((part) => {
    const pillar = PILLARS.find((known) => known === part.trim());
    if (pillar === undefined) {
      throw new UsageError(`--pillar must be among ${PILLARS.join(", ")} (got "${part}")`);
    }
    return pillar;
  });
}
