import { Command } from "commander";
import type { CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";

/** Placeholder until the path analysis lands. */
export function pathsCommand(_io: CliIo, _exit: ExitState): Command {
  return new Command("paths").description("Privilege-escalation and lateral-movement paths");
}
