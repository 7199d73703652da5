import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command } from "commander";
import { buildRbacEngine } from "../../engines/rbac/index.ts";
import { serviceAccountUsername } from "../../engines/rbac/user-info.ts";
import { automountPatches } from "../../generate/hygiene/automount.ts";
import { generateRbac, type GenerateRbacResult } from "../../generate/rbac/generate.ts";
import { requestCollector } from "../../generate/rbac/requests.ts";
import { formatDiagnostic } from "../../model/diagnostic.ts";
import { UsageError } from "../../model/errors.ts";
import { buildInventory } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { readAuditRequests, type TimeWindow } from "../../sources/flows/read-audit.ts";
import { readAuditStore } from "../../sources/flows/read-audit-store.ts";
import { loadSources } from "../../sources/index.ts";
import { EXIT, type CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import {
  collect,
  withOutputOptions,
  writeGenerated,
  type GeneratedOutputOptions,
} from "./generate-output.ts";

interface RbacOptions extends GeneratedOutputOptions {
  readonly auditLog: readonly string[];
  readonly store: readonly string[];
  readonly since?: string;
  readonly until?: string;
  readonly user: readonly string[];
  readonly serviceaccount: readonly string[];
  readonly filename: readonly string[];
  readonly maxResourceNames: string;
  readonly hygiene: boolean;
}

/** `tenet generate rbac`: minimal Roles from the audit log, proven by the identity engine. */
export function generateRbacCommand(io: CliIo, exit: ExitState): Command {
  return withOutputOptions(
    new Command("rbac")
      .description(
        "Minimal Roles, ClusterRoles and bindings from audit events; proven by the identity engine",
      )
      .option("--audit-log <file>", "JSON-lines audit log (repeatable)", collect, [])
      .option(
        "--store <file>",
        "the monitor's SQLite audit store (tenet serve --audit-db, tenet monitor --db; repeatable)",
        collect,
        [],
      )
      .option("--since <time>", "only events at or after this time (RFC 3339)")
      .option("--until <time>", "only events before this time (RFC 3339)")
      .option("--user <name>", "generate for this user (repeatable)", collect, [])
      .option(
        "--serviceaccount <ns/name>",
        "generate for this ServiceAccount (repeatable; default: every one in the log)",
        collect,
        [],
      )
      .option(
        "-f, --filename <path>",
        "the RBAC and workloads in force: unused grants, --hygiene (repeatable)",
        collect,
        [],
      )
      .option(
        "--max-resource-names <n>",
        "past this many names for a verb, a rule names none",
        "10",
      )
      .option(
        "--hygiene",
        "also patch workloads whose ServiceAccount never called the API (needs -f)",
        false,
      ),
    "write the proof and report as JSON",
  ).action(async (options: RbacOptions) => {
    if (options.auditLog.length === 0 && options.store.length === 0)
      throw new UsageError("give the audit events with --audit-log FILE or --store FILE");
    if (options.hygiene && options.filename.length === 0)
      throw new UsageError("--hygiene needs the workloads with -f");
    const maxResourceNames = Number(options.maxResourceNames);
    if (!Number.isInteger(maxResourceNames) || maxResourceNames < 0)
      throw new UsageError(
        `--max-resource-names must be a whole number (got "${options.maxResourceNames}")`,
      );
    const window = windowOf(options);
    const chosen = [
      ...options.user,
      ...options.serviceaccount.map((text) => {
        const [namespace, name, extra] = text.split("/");
        if (!namespace || !name || extra !== undefined)
          throw new UsageError(`--serviceaccount is <namespace>/<name> (got "${text}")`);
        return serviceAccountUsername(namespace, name);
      }),
    ];
    const observed = requestCollector();
    const { requests, callers } = observed;
    let events = 0;
    const add = observed.add.bind(observed);
    const reads = [
      ...options.auditLog.map(
        (file) => () => readAuditRequests(resolve(io.cwd, file), add, window),
      ),
      ...options.store.map(
        (file) => () => Promise.resolve(readAuditStore(resolve(io.cwd, file), window, add)),
      ),
    ];
    for (const read of reads) {
      const { events: count, rejected } = await read();
      events += count;
      for (const rejection of rejected)
        io.stderr.write(`${rejection.where}: ${rejection.reason}\n`);
    }
    const users =
      chosen.length > 0
        ? chosen
        : [...callers].filter((user) => user.startsWith("system:serviceaccount:")).sort();
    const loaded =
      options.filename.length === 0
        ? undefined
        : await loadSources(options.filename, { stdin: io.stdin });
    for (const diagnostic of loaded?.diagnostics ?? [])
      io.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
    const inventory = loaded === undefined ? undefined : buildInventory(loaded.objects).inventory;
    const result = generateRbac({
      requests,
      users,
      maxResourceNames,
      ...(inventory === undefined ? {} : { existing: buildRbacEngine(inventory) }),
    });
    const patches =
      options.hygiene && inventory !== undefined ? automountPatches(inventory, callers) : [];
    io.stderr.write(reportText(result, patches.length));
    const header = [
      "# Generated by `tenet generate rbac` from:",
      ...options.auditLog.map((file) => `#   audit log ${file}`),
      ...options.store.map((file) => `#   audit store ${file} (completed requests)`),
      ...(window.since === undefined && window.until === undefined
        ? []
        : [
            `#   window: ${window.since?.toISOString() ?? "the start"} to ${window.until?.toISOString() ?? "the end"} (end excluded)`,
          ]),
      `#   ${events} events; users: ${users.join(", ") || "(none)"}`,
      ...(options.filename.length > 0
        ? [`#   RBAC and workloads in force: ${options.filename.join(", ")}`]
        : []),
      `# Proof (identity engine, generated objects alone): ${result.proof.checked - result.proof.failures.length}/${result.proof.checked} observed requests allowed; ${result.proof.nearMisses - result.proof.nearMissesAllowed.length - result.proof.nearMissesBroadened.length}/${result.proof.nearMisses} near misses denied.`,
      ...(patches.length > 0
        ? [
            "# automountServiceAccountToken patches: apply with `kubectl patch --type merge` or server-side apply.",
          ]
        : []),
      "# Nothing was applied: review, then `kubectl apply -f`.",
    ];
    const objects: KubeObject[] = [...result.objects, ...patches.map((p) => p.patch)];
    await writeGenerated(io, objects, { header, ...options });
    if (options.proofFile !== undefined)
      await writeFile(
        resolve(io.cwd, options.proofFile),
        `${JSON.stringify({ ...result, objects: undefined, hygiene: patches }, null, 2)}\n`,
        "utf8",
      );
    if (result.proof.failures.length > 0 || result.proof.nearMissesAllowed.length > 0)
      exit.code = EXIT.findings;
  });
}

function windowOf(options: { since?: string; until?: string }): TimeWindow {
  const time = (flag: string, text: string | undefined): Date | undefined => {
    if (text === undefined) return undefined;
    const date = new Date(text);
    if (Number.isNaN(date.getTime()))
      throw new UsageError(`${flag}: not a time: "${text}" (RFC 3339, e.g. 2026-11-27T10:00:00Z)`);
    return date;
  };
  const since = time("--since", options.since);
  const until = time("--until", options.until);
  if (since !== undefined && until !== undefined && since.getTime() >= until.getTime())
    throw new UsageError("--since must be before --until");
  return { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

function reportText(result: GenerateRbacResult, patches: number): string {
  const { proof } = result;
  const lines = [
    ...result.missingUsers.map(
      (user) => `note: ${user} made no request in the window: nothing generated`,
    ),
    ...Object.entries(result.counts).map(
      ([user, c]) =>
        `${user}: ${c.allowed} distinct requests allowed, ${c.denied} denied (never granted)`,
    ),
    `proof: ${proof.checked - proof.failures.length} of ${proof.checked} observed requests allowed by the generated objects`,
    ...proof.failures.map((f) => `  NOT ALLOWED ${f.user}: ${f.request}`),
    `near misses: ${proof.nearMisses} reviewed, ${proof.nearMissesAllowed.length} allowed`,
    ...proof.nearMissesAllowed.map((f) => `  ALLOWED ${f.user}: ${f.request}`),
    ...result.broadenings.map((b) => `broadened ${b.user} in ${b.scope}: ${b.rule}: ${b.reason}`),
    ...proof.nearMissesBroadened.map(
      (f) => `  allowed by a broadened rule ${f.user}: ${f.request}`,
    ),
    ...(result.unused.length > 0
      ? ["granted today, never used in the window (replace with the generated roles):"]
      : []),
    ...result.unused.map((u) => `  ${u.user}: ${u.grant}`),
    ...(patches > 0
      ? [`hygiene: ${patches} workloads whose ServiceAccount never called the API`]
      : []),
  ];
  return `${lines.join("\n")}\n`;
}
