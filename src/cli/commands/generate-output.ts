import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Option, type Command } from "commander";
import type { KubeObject } from "../../model/kube-object.ts";
import { toKubernetesYaml } from "../../model/kube-yaml.ts";
import type { CliIo } from "../io.ts";
import { emit } from "../output.ts";

/** A repeatable flag's values, in order. */
export const collect = (value: string, previous: readonly string[] = []): readonly string[] => [
  ...previous,
  value,
];

/** Where and how every `tenet generate` command writes its objects and its proof. */
export interface GeneratedOutputOptions {
  readonly output: "yaml" | "json";
  readonly outputFile?: string;
  readonly outputDir?: string;
  readonly proofFile?: string;
}

export function withOutputOptions(command: Command, proofHelp: string): Command {
  return command
    .addOption(
      new Option("-o, --output <format>", "output format")
        .choices(["yaml", "json"])
        .default("yaml"),
    )
    .option("--output-file <path>", "write to one file instead of stdout")
    .option("--output-dir <dir>", "write one file per namespace")
    .option("--proof-file <path>", proofHelp);
}

export interface WriteOptions extends GeneratedOutputOptions {
  readonly header: readonly string[];
}

/**
 * YAML with a comment header, or a JSON List; to stdout, one file, or one file per namespace.
 * JSON has no comments: its header goes to stderr, so what it was generated from is still said.
 */
export async function writeGenerated(
  io: CliIo,
  objects: readonly KubeObject[],
  options: WriteOptions,
): Promise<void> {
  if (options.output === "json") io.stderr.write(`${options.header.join("\n")}\n`);
  const render = (items: readonly KubeObject[]): string =>
    options.output === "json"
      ? `${JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2)}\n`
      : `${options.header.join("\n")}\n${items.map((item) => toKubernetesYaml(item)).join("---\n")}`;
  if (options.outputDir === undefined) {
    await emit(io, render(objects), options.outputFile);
    return;
  }
  const dir = resolve(io.cwd, options.outputDir);
  await mkdir(dir, { recursive: true });
  const byFile = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const file = `${object.metadata.namespace ?? "cluster"}.${options.output}`;
    byFile.set(file, [...(byFile.get(file) ?? []), object]);
  }
  for (const [file, items] of byFile) await writeFile(join(dir, file), render(items), "utf8");
}
