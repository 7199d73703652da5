import { PassThrough, Readable } from "node:stream";
import { main } from "../../src/cli/main.ts";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output, as a user would type `tenet ...args`. */
export async function runCli(
  args: readonly string[],
  options: { stdin?: string; now?: Date; isTty?: boolean } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const code = await main(args, {
    stdout,
    stderr,
    stdin: Readable.from([options.stdin ?? ""]),
    isTty: options.isTty ?? false,
    env: {},
    cwd: process.cwd(),
    now: () => options.now ?? new Date("2026-06-01T00:00:00Z"),
  });
  return {
    code,
    stdout: Buffer.concat(out).toString("utf8"),
    stderr: Buffer.concat(err).toString("utf8"),
  };
}
