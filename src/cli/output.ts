import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../model/errors.ts";
import type { CliIo } from "./io.ts";

/** Writes a command's output to `--output-file` when given, else to stdout. */
export async function emit(io: CliIo, text: string, outputFile: string | undefined): Promise<void> {
  if (outputFile === undefined) {
    io.stdout.write(text);
    return;
  }
  await writeFile(resolve(io.cwd, outputFile), text, "utf8");
}

/** Validates a choice against the keys of a formatter map: one list for help and validation. */
export function choose<K extends string>(value: string, choices: readonly K[], flag: string): K {
  const found = choices.find((choice) => choice === value);
  if (found === undefined) {
    throw new UsageError(`${flag} must be one of ${choices.join(", ")} (got "${value}")`);
  }
  return found;
}
