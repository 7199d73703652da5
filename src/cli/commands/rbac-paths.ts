import { Command, Option } from "commander";
import type { PathFinding } from "../../engines/rbac/index.ts";
import { SEVERITIES, isAtLeast, type Severity } from "../../model/check-meta.ts";
import { isObject, stringAt, stringsAt, type JsonObject } from "../../model/fields.ts";
import { EXIT, type CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import { emit } from "../output.ts";
import {
  authorizationModeOption,
  bootstrapOption,
  collect,
  loadRbacEngine,
  type RbacLoadOptions,
} from "./rbac-load.ts";

interface PathsOptions extends RbacLoadOptions {
  readonly output: "text" | "json";
  readonly outputFile?: string;
  readonly failOn: Severity | "none";
  readonly type?: string;
}

export function pathsCommand(io: CliIo, exit: ExitState): Command {
  return new Command("paths")
    .description(
      "Privilege-escalation, lateral-movement and hygiene findings, each step with its grant",
    )
    .option("-f, --filename <path>", "manifests to analyze (repeatable)", collect, [])
    .addOption(bootstrapOption())
    .addOption(authorizationModeOption())
    .addOption(
      new Option("-o, --output <format>", "output format")
        .choices(["text", "json"])
        .default("text"),
    )
    .option("--output-file <path>", "write to a file instead of stdout")
    .addOption(
      new Option("--type <type>", "only this finding type").choices([
        "privilege-escalation",
        "lateral-movement",
        "hygiene",
      ]),
    )
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a finding is at least this severe")
        .choices([...SEVERITIES, "none"])
        .default("none"),
    )
    .action(async (options: PathsOptions) => {
      const engine = await loadRbacEngine(io, options);
      const findings = engine
        .escalationPaths()
        .filter((f) => options.type === undefined || f.type === options.type);
      const text =
        options.output === "json"
          ? `${JSON.stringify({ findings }, null, 2)}\n`
          : formatPaths(findings);
      await emit(io, text, options.outputFile);
      const failOn = options.failOn;
      if (failOn !== "none" && findings.some((f) => isAtLeast(f.severity, failOn)))
        exit.code = EXIT.findings;
    });
}

export function formatPaths(findings: readonly PathFinding[]): string {
  if (findings.length === 0) return "No escalation, lateral-movement or hygiene findings.\n";
  const lines: string[] = [];
  for (const finding of findings) {
    const subject = `${finding.subject.kind} ${finding.subject.namespace === undefined ? "" : `${finding.subject.namespace}/`}${finding.subject.name}`;
    lines.push(
      `${finding.severity.toUpperCase()} ${finding.type}: ${subject} -> ${finding.impact} [${finding.techniques.join(", ")}]`,
    );
    finding.path.forEach((step, index) => {
      lines.push(
        `   ${index + 1}. ${step.action}${step.becomes === undefined ? "" : ` => as ${step.becomes}`}`,
      );
      for (const grant of step.grants) lines.push(`      grant: ${formatEvidence(grant)}`);
    });
  }
  const counts = SEVERITIES.map(
    (severity) => `${findings.filter((f) => f.severity === severity).length} ${severity}`,
  );
  lines.push("", `${findings.length} findings: ${counts.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

function formatEvidence(grant: JsonObject): string {
  if (grant["authorizer"] === "Node") {
    const secret = grant["secret"];
    const pod = grant["pod"];
    const at = (value: unknown) =>
      isObject(value)
        ? `${stringAt(value, "namespace") ?? ""}/${stringAt(value, "name") ?? ""}`
        : "?";
    const via = stringsAt(grant, "via");
    return `Node authorizer: node ${stringAt(grant, "node") ?? "?"} -> pod ${at(pod)}${via.length === 0 ? "" : ` -> ${via.join(" -> ")}`} -> Secret ${at(secret)}`;
  }
  const ref = (value: unknown) => {
    if (!isObject(value)) return "?";
    const namespace = stringAt(value, "namespace");
    return `${stringAt(value, "kind") ?? "?"} ${namespace === undefined ? "" : `${namespace}/`}${stringAt(value, "name") ?? "?"}`;
  };
  const rule = grant["rule"];
  const parts = ["verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"]
    .map((key) => [key, stringsAt(rule, key)] as const)
    .filter(([, values]) => values.length > 0)
    .map(([key, values]) => `${key}=${values.map((v) => (v === "" ? '""' : v)).join(",")}`);
  const index = typeof grant["ruleIndex"] === "number" ? grant["ruleIndex"] : "?";
  return `${ref(grant["binding"])} -> ${ref(grant["role"])} rule[${index}] ${parts.join(" ")}`;
}
