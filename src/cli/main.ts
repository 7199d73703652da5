import { Command, CommanderError } from "commander";
import { InternalError, SourceError, UsageError } from "../model/errors.ts";
import { commands } from "./commands/index.ts";
import { EXIT, processIo, type CliIo } from "./io.ts";
import { TOOL_VERSION } from "./version.ts";

/** Holds the exit code a command asks for; commands never call process.exit. */
export interface ExitState {
  code: number;
}

export function buildProgram(io: CliIo, exit: ExitState): Command {
  const program = new Command("tenet")
    .description("Zero Trust for Kubernetes: assess, generate, enforce and monitor")
    .version(TOOL_VERSION, "-V, --version");
  for (const register of commands) program.addCommand(register(io, exit));
  configureTree(program, io);
  return program;
}

/** Commander settings do not reach commands added with addCommand: apply them to the tree. */
function configureTree(command: Command, io: CliIo): void {
  command
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  for (const child of command.commands) configureTree(child, io);
}

/** Runs the CLI and returns the exit code: the only place errors become exit codes. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const exit: ExitState = { code: EXIT.ok };
  try {
    await buildProgram(io, exit).parseAsync([...argv], { from: "user" });
    return exit.code;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; anything else commander rejects is a usage error it has printed.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError || error instanceof SourceError) {
    io.stderr.write(`tenet: ${error.message}\n`);
    return EXIT.usage;
  }
  // An InternalError, or anything unexpected: a bug of ours, so the stack helps the report.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const kind = error instanceof InternalError ? "internal error" : "unexpected error";
  io.stderr.write(`tenet: ${kind}: ${detail}\n`);
  return EXIT.internal;
}
