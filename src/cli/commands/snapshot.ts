import { isAbsolute, resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { toKubernetesYaml } from "../../model/kube-yaml.ts";
import { formatDiagnostic } from "../../model/diagnostic.ts";
import {
  loadLiveCluster,
  type LiveLoadResult,
  type LiveProgress,
} from "../../sources/live/index.ts";
import { EXIT, type CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import { emit } from "../output.ts";

interface SnapshotOptions {
  readonly output: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace: readonly string[];
  readonly includeSecretData?: boolean;
  readonly timeout: number;
}

const collect = (value: string, previous: readonly string[] = []): readonly string[] => [
  ...previous,
  ...value.split(",").filter((part) => part !== ""),
];

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`expected a positive number of seconds (got "${value}")`);
  }
  return parsed;
}

export function snapshotCommand(io: CliIo, exit: ExitState): Command {
  return new Command("snapshot")
    .description("Write what a live scan reads from a cluster to one YAML file, to scan it offline")
    .requiredOption("-o, --output <file>", "the YAML file to write (- for stdout)")
    .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)")
    .option("--context <name>", "kubeconfig context (default: its current-context)")
    .option(
      "-n, --namespace <names>",
      "read namespaced kinds from these namespaces only (repeatable)",
      collect,
      [],
    )
    .option("--include-secret-data", "keep Secret values (needs the tenet-secret-reader role)")
    .option("--timeout <seconds>", "give up on kinds not read by then", seconds, 300)
    .action(async (options: SnapshotOptions) => {
      const progress = io.isTty ? progressLine(io) : undefined;
      const result = await loadLiveCluster({
        ...(options.kubeconfig === undefined
          ? {}
          : { kubeconfig: resolve(io.cwd, options.kubeconfig) }),
        ...(options.context === undefined ? {} : { context: options.context }),
        ...(options.namespace.length === 0 ? {} : { namespaces: options.namespace }),
        includeSecretData: options.includeSecretData === true,
        timeoutMs: options.timeout * 1000,
        env: io.env,
        ...(progress === undefined ? {} : { onProgress: progress.update }),
      });
      progress?.done();
      const target =
        options.output === "-" || isAbsolute(options.output)
          ? options.output
          : resolve(io.cwd, options.output);
      await emit(io, renderSnapshot(result, io.now()), target === "-" ? undefined : target);
      for (const diagnostic of result.diagnostics)
        io.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
      if (target !== "-") {
        io.stderr.write(
          `tenet: wrote ${result.objects.length} objects from ${result.files.join(", ")} to ${options.output}\n`,
        );
      }
      // A snapshot missing kinds is written, but it is partial: say so in the exit code.
      if (result.diagnostics.some((d) => d.severity === "error")) exit.code = EXIT.usage;
    });
}

/** Multi-document YAML, one object per document; the header says where and what is missing. */
export function renderSnapshot(result: LiveLoadResult, now: Date): string {
  const header = [
    `# tenet snapshot of ${result.files.join(", ")} (${result.server}) taken ${now.toISOString()}`,
    `# objects: ${result.objects.length}`,
    ...result.unobserved.map(
      (u) =>
        `# unobserved: ${u.apiVersion} ${u.kind}${u.namespace === undefined ? "" : ` in ${u.namespace}`}: ${u.reason.replace(/\s+/g, " ")}`,
    ),
  ];
  const documents = result.objects.map(({ object }) => toKubernetesYaml(object));
  return `${header.join("\n")}\n${documents.map((doc) => `---\n${doc}`).join("")}`;
}

function progressLine(io: CliIo): { update: (p: LiveProgress) => void; done: () => void } {
  return {
    update: (p) => io.stderr.write(`\r\x1b[K[${p.done}/${p.total}] ${p.finished}: ${p.objects}`),
    done: () => io.stderr.write("\r\x1b[K"),
  };
}
