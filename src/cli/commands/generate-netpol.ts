import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import {
  DEFAULT_DNS,
  DEFAULT_INGRESS_CONTROLLER,
  generateNetpol,
  NETPOL_TARGETS,
  type NetpolTarget,
  type PodsRef,
} from "../../generate/netpol/generate.ts";
import type { NetpolProof } from "../../generate/netpol/proof.ts";
import { formatDiagnostic } from "../../model/diagnostic.ts";
import { SourceError, UsageError } from "../../model/errors.ts";
import type { FlowRejection, ObservedFlow } from "../../sources/flows/flow.ts";
import { parseIntents, type DeclaredIntent } from "../../sources/flows/intents.ts";
import { FLOW_FORMATS, readFlowFile, type FlowFormat } from "../../sources/flows/read-flows.ts";
import { loadSources } from "../../sources/index.ts";
import { EXIT, type CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import {
  collect,
  withOutputOptions,
  writeGenerated,
  type GeneratedOutputOptions,
} from "./generate-output.ts";

interface NetpolOptions extends GeneratedOutputOptions {
  readonly filename: readonly string[];
  readonly flows: readonly string[];
  readonly flowFormat: FlowFormat;
  readonly intents: readonly string[];
  readonly target: NetpolTarget;
  readonly namespace: readonly string[];
  readonly excludeNamespace: readonly string[];
  readonly dns: string;
  readonly ingressController: string;
  readonly ingress: boolean;
}

/** `tenet generate netpol`: least-privilege NetworkPolicies, proven by the network engine. */
export function generateNetpolCommand(io: CliIo, exit: ExitState): Command {
  return withOutputOptions(
    new Command("netpol")
      .description(
        "NetworkPolicies from observed flows, declared intents and the manifests; proven by the network engine",
      )
      .option("-f, --filename <path>", "manifests or a cluster dump (repeatable)", collect, [])
      .option(
        "--flows <file>",
        "flow records: Hubble JSON, generic JSON lines or CSV (repeatable)",
        collect,
        [],
      )
      .addOption(
        new Option("--flow-format <format>", "flow file format")
          .choices(FLOW_FORMATS)
          .default("auto"),
      )
      .option(
        "--intents <file>",
        "Tenet Intents or Otterize ClientIntents YAML (repeatable)",
        collect,
        [],
      )
      .addOption(
        new Option("--target <target>", "policy kind to write")
          .choices(NETPOL_TARGETS)
          .default("kubernetes"),
      )
      .option(
        "-n, --namespace <name>",
        "only write policies for this namespace (repeatable)",
        collect,
        [],
      )
      .option(
        "--exclude-namespace <name>",
        "never write policies here (repeatable; default kube-system)",
        collect,
        [],
      )
      .option("--dns <ns/key=value>", "the cluster DNS pods", podsText(DEFAULT_DNS))
      .option(
        "--ingress-controller <ns/key=value>",
        "the ingress controller pods",
        podsText(DEFAULT_INGRESS_CONTROLLER),
      )
      .option("--no-ingress", "do not read Ingress backends"),
    "write the proof as JSON",
  ).action(async (options: NetpolOptions) => {
    if (options.filename.length === 0) throw new UsageError("give the manifests with -f PATH");
    if (options.flows.length === 0 && options.intents.length === 0 && !options.ingress)
      throw new UsageError("give --flows, --intents, or leave Ingress reading on");
    const loaded = await loadSources(options.filename, { stdin: io.stdin });
    for (const diagnostic of loaded.diagnostics)
      io.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
    const flows: ObservedFlow[] = [];
    const rejected: FlowRejection[] = [];
    const sources: string[] = [`manifests ${options.filename.join(", ")}`];
    for (const file of options.flows) {
      const batch = await readFlowFile(resolve(io.cwd, file), options.flowFormat);
      flows.push(...batch.flows);
      rejected.push(...batch.rejected);
      const skipped = Object.entries(batch.skipped).map(([why, n]) => `${n} ${why}`);
      sources.push(
        `flows ${file} (${batch.records} records, ${batch.flows.length} distinct connections${skipped.length > 0 ? `; skipped ${skipped.join(", ")}` : ""})`,
      );
    }
    const intents: DeclaredIntent[] = [];
    for (const file of options.intents) {
      const text = await readText(resolve(io.cwd, file));
      const parsed = parseIntents(text, file);
      intents.push(...parsed.intents);
      rejected.push(...parsed.rejected);
      sources.push(`intents ${file} (${parsed.intents.length})`);
    }
    const result = generateNetpol({
      existing: loaded.objects,
      flows,
      intents,
      target: options.target,
      ...(options.namespace.length > 0 ? { namespaces: options.namespace } : {}),
      ...(options.excludeNamespace.length > 0
        ? { excludeNamespaces: options.excludeNamespace }
        : {}),
      dns: parsePods(options.dns, "--dns"),
      ...(options.ingress
        ? { ingressController: parsePods(options.ingressController, "--ingress-controller") }
        : {}),
    });
    if (options.ingress)
      sources.push(`Ingress backends, reached from ${options.ingressController}`);
    for (const diagnostic of result.diagnostics)
      io.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
    for (const rejection of [...rejected, ...result.rejected])
      io.stderr.write(`${rejection.where}: ${rejection.reason}\n`);
    for (const note of result.notes) io.stderr.write(`note: ${note}\n`);
    io.stderr.write(proofText(result.proof));
    const header = [
      `# Generated by \`tenet generate netpol --target ${options.target}\` from:`,
      ...sources.map((source) => `#   ${source}`),
      `# Proof (network engine, with the policies in force): ${result.proof.checked - result.proof.failures.length}/${result.proof.checked} connections allowed (${result.proof.unchecked.length} not judgeable); ${result.proof.residual.length} residual pairs beyond them and DNS.`,
      "# Nothing was applied: review, then `kubectl apply -f`.",
    ];
    await writeGenerated(io, result.objects, { header, ...options });
    if (options.proofFile !== undefined)
      await writeFile(
        resolve(io.cwd, options.proofFile),
        `${JSON.stringify(result.proof, null, 2)}\n`,
        "utf8",
      );
    if (result.proof.failures.length > 0) exit.code = EXIT.findings;
  });
}

function proofText(proof: NetpolProof): string {
  const lines = [
    `proof: ${proof.checked - proof.failures.length} of ${proof.checked} connections allowed by the result`,
    ...proof.failures.map((f) => `  NOT ALLOWED ${f.connection} (${f.where}): ${f.reason}`),
    ...proof.unchecked.map((f) => `  unchecked ${f.connection}: ${f.reason}`),
    `residual: ${proof.residual.length === 0 ? "none beyond the connections and DNS" : `${proof.residual.length} pairs`}`,
    ...firstPairs(proof.residual, "+"),
    `removed against the policies in force: ${proof.removed.length} pairs`,
    ...firstPairs(proof.removed, "-"),
  ];
  return `${lines.join("\n")}\n`;
}

// A default deny over a large cluster removes a million pairs: the terminal gets the first few.
const SHOWN_PAIRS = 50;

function firstPairs(
  pairs: readonly { from: string; to: string; conns: string }[],
  sign: string,
): string[] {
  const shown = pairs
    .slice(0, SHOWN_PAIRS)
    .map((p) => `  ${sign} ${p.from} => ${p.to} : ${p.conns}`);
  return pairs.length > SHOWN_PAIRS
    ? [...shown, `  ... and ${pairs.length - SHOWN_PAIRS} more (all of them in --proof-file)`]
    : shown;
}

function podsText(pods: PodsRef): string {
  return `${pods.namespace}/${Object.entries(pods.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",")}`;
}

/** `namespace/key=value[,key=value]`. */
export function parsePods(text: string, flag: string): PodsRef {
  const slash = text.indexOf("/");
  const namespace = text.slice(0, slash);
  const labels: Record<string, string> = {};
  for (const pair of text.slice(slash + 1).split(",")) {
    const [key, value, extra] = pair.split("=");
    if (key === undefined || key === "" || value === undefined || extra !== undefined)
      throw new UsageError(`${flag} is <namespace>/<key>=<value>[,...] (got "${text}")`);
    labels[key] = value;
  }
  if (slash <= 0)
    throw new UsageError(`${flag} is <namespace>/<key>=<value>[,...] (got "${text}")`);
  return { namespace, labels };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new SourceError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}
