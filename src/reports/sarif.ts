import type {
  Location,
  Log,
  LogicalLocation,
  Notification,
  PhysicalLocation,
  ReportingDescriptor,
  Result,
} from "sarif";
import type { CheckMeta, FrameworkMapping, Severity } from "../model/check-meta.ts";
import type { Diagnostic } from "../model/diagnostic.ts";
import { formatRef, type ObjectRef } from "../model/kube-object.ts";
import type { Finding, ScanReport } from "../model/report.ts";
import { compareFindings } from "./finding-order.ts";
import type { FormatOptions } from "./index.ts";
import { joinChunks } from "./chunks.ts";
import { jsonChunks, LazyArray } from "./json-stream.ts";

// SARIF 2.1.0 (OASIS), typed by @types/sarif, shaped for GitHub code scanning: one rule per control, one result per
// failing finding (suppressed ones carry `suppressions`), physical locations where the object
// came from a file. Inputs that failed to parse and controls that errored become tool
// notifications: they are facts about the run, not about the code.

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://www.npmjs.com/package/kube-tenet";

const LEVEL: Readonly<Record<Severity, Result.level>> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** GitHub buckets this CVSS-like score: >= 9 critical, 7-8.9 high, 4-6.9 medium, < 4 low. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};

function frameworkText(frameworks: FrameworkMapping): string {
  return Object.entries(frameworks)
    .map(([framework, clauses]) => `${framework} ${(clauses ?? []).join(", ")}`)
    .join("; ");
}

/** SARIF `name` is an identifier: `privileged-containers` -> `PrivilegedContainers`. */
function ruleName(id: string): string {
  return id
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

function rule(check: CheckMeta): ReportingDescriptor {
  const frameworks = frameworkText(check.frameworks);
  const description = check.description ?? check.title;
  return {
    id: check.id,
    // SARIF wants `name` to differ from the opaque `id` (validators compare ignoring case).
    ...(ruleName(check.id).toLowerCase() === check.id.toLowerCase()
      ? {}
      : { name: ruleName(check.id) }),
    shortDescription: { text: check.title },
    fullDescription: { text: description },
    help: {
      text: `${description}\n\nRemediation: ${check.remediation}${frameworks === "" ? "" : `\n\nFrameworks: ${frameworks}`}`,
      markdown: `${description}\n\n**Remediation:** ${check.remediation}${frameworks === "" ? "" : `\n\n**Frameworks:** ${frameworks}`}`,
    },
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      tags: ["security", "zero-trust", check.pillar, ...Object.keys(check.frameworks)],
      precision: "high",
      "security-severity": SECURITY_SEVERITY[check.severity],
      pillar: check.pillar,
      severity: check.severity,
      scope: check.scope,
      frameworks: check.frameworks,
    },
  };
}

/**
 * A location a code-scanning service can open: a path relative to the repository root with
 * forward slashes and percent-encoded segments; absolute paths become `file://` URIs.
 * Undefined for objects that did not come from a file (stdin, a live cluster).
 */
export function artifactUri(file: string): string | undefined {
  if (file === "" || file === "-" || file.startsWith("<") || file.startsWith("cluster:")) {
    return undefined;
  }
  let path = file.replaceAll("\\", "/");
  while (path.startsWith("./")) path = path.slice(2);
  const encoded = path
    .split("/")
    .map((segment, index) =>
      // Keep a Windows drive letter (`C:`) readable; everything else is encoded.
      index === 0 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment),
    )
    .join("/");
  if (path.startsWith("/")) return `file://${encoded}`;
  if (/^[A-Za-z]:\//.test(path)) return `file:///${encoded}`;
  return encoded;
}

function logicalLocation(ref: ObjectRef): LogicalLocation {
  const qualified = [ref.namespace, ref.kind, ref.name].filter((part) => part !== undefined);
  return { name: ref.name, fullyQualifiedName: qualified.join("/"), kind: "resource" };
}

function physicalLocation(file: string, line: number | undefined): PhysicalLocation | undefined {
  const uri = artifactUri(file);
  if (uri === undefined) return undefined;
  return {
    artifactLocation: { uri },
    ...(line === undefined || line < 1 ? {} : { region: { startLine: line } }),
  };
}

/**
 * Where a result points. An object read from a file points at its line. A result about no file
 * (a cluster-wide gap) keeps a logical location, and is also anchored at the scanned path when
 * there is one: GitHub code scanning rejects a whole log if any result lacks a physical
 * location ("locationFromSarifResult: expected a physical location").
 */
function location(ref: ObjectRef, anchor: string | undefined): Location {
  const physical =
    ref.file === undefined
      ? anchor === undefined
        ? undefined
        : { artifactLocation: { uri: anchor } }
      : physicalLocation(ref.file, ref.line);
  return {
    ...(physical === undefined ? {} : { physicalLocation: physical }),
    logicalLocations: [logicalLocation(ref)],
  };
}

interface RunContext {
  readonly ruleIndex: ReadonlyMap<string, number>;
  /** The first scanned path, as an artifact URI, for results about no file. */
  readonly anchor: string | undefined;
}

function result(finding: Finding, { ruleIndex, anchor }: RunContext): Result {
  const index = ruleIndex.get(finding.checkId);
  const { resource, suppressed } = finding;
  return {
    ruleId: finding.checkId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVEL[finding.severity],
    message: { text: `${formatRef(resource)}: ${finding.message}` },
    locations: [location(resource, anchor)],
    // Stable across edits that move the object within its file, so alerts keep their identity.
    partialFingerprints: {
      "tenetResource/v1": [
        finding.checkId,
        resource.apiVersion ?? "",
        resource.kind,
        resource.namespace ?? "",
        resource.name,
      ].join("|"),
    },
    ...(suppressed === undefined
      ? {}
      : {
          suppressions: [
            {
              kind: suppressed.by === "annotation" ? "inSource" : "external",
              status: "accepted",
              ...(suppressed.reason === undefined ? {} : { justification: suppressed.reason }),
              properties: {
                by: suppressed.by,
                ...(suppressed.owner === undefined ? {} : { owner: suppressed.owner }),
                ...(suppressed.expires === undefined ? {} : { expires: suppressed.expires }),
              },
            },
          ],
        }),
    properties: {
      pillar: finding.pillar,
      severity: finding.severity,
      ...(finding.evidence === undefined ? {} : { evidence: finding.evidence }),
    },
  };
}

function diagnosticNotification(diagnostic: Diagnostic): Notification {
  const physical =
    diagnostic.file === undefined ? undefined : physicalLocation(diagnostic.file, diagnostic.line);
  return {
    level: diagnostic.severity,
    message: { text: diagnostic.message },
    descriptor: { id: diagnostic.code },
    ...(physical === undefined ? {} : { locations: [{ physicalLocation: physical }] }),
  };
}

function errorNotification(finding: Finding, ruleIndex: ReadonlyMap<string, number>): Notification {
  const index = ruleIndex.get(finding.checkId);
  return {
    level: "error",
    message: { text: `${formatRef(finding.resource)}: ${finding.message}` },
    descriptor: { id: "check-error" },
    associatedRule: { id: finding.checkId, ...(index === undefined ? {} : { index }) },
  };
}

/**
 * The SARIF log as chunks; each result is made only when written, so a million failing
 * findings never exist as SARIF objects all at once.
 */
export function* renderSarif(report: ScanReport, _options: FormatOptions): Generator<string> {
  const ruleIndex = new Map(report.checks.map((check, index) => [check.id, index]));
  const context: RunContext = {
    ruleIndex,
    anchor: report.sources.map(artifactUri).find((uri) => uri !== undefined && uri !== ""),
  };
  const failing = [...report.findings, ...report.suppressed]
    .filter((finding) => finding.status === "fail")
    .sort(compareFindings);
  const errors = report.findings
    .filter((finding) => finding.status === "error")
    .sort(compareFindings);
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: report.checks.map(rule),
          },
        },
        invocations: [
          {
            executionSuccessful: report.complete,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: [
              ...report.diagnostics.map(diagnosticNotification),
              ...errors.map((finding) => errorNotification(finding, ruleIndex)),
            ],
          },
        ],
        columnKind: "utf16CodeUnits",
        // Filled below, lazily; the key stays here so that the order of keys is unchanged.
        results: [],
        properties: {
          sources: report.sources,
          scores: report.scores,
          ...(report.maturity === undefined ? {} : { maturity: report.maturity }),
          ...(report.compliance === undefined ? {} : { compliance: report.compliance }),
        },
      },
    ],
  };
  const [run] = log.runs;
  const results = new LazyArray(failing, (finding) => result(finding, context));
  // Levels: log, runs, run, results; one result per chunk.
  yield* jsonChunks({ ...log, runs: [{ ...run, results }] }, { depth: 4 });
  yield "\n";
}

export function sarif(report: ScanReport, options: FormatOptions): string {
  return joinChunks(renderSarif(report, options));
}
