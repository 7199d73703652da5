import type { Command } from "commander";
import type { CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import { admissionCommand } from "./admission.ts";
import { alertsCommand } from "./alerts.ts";
import { checksCommand } from "./checks.ts";
import { generateCommand } from "./generate.ts";
import { monitorCommand } from "./monitor.ts";
import { netpolCommand } from "./netpol.ts";
import { rbacCommand } from "./rbac.ts";
import { scanCommand } from "./scan.ts";
import { serveCommand } from "./serve.ts";
import { snapshotCommand } from "./snapshot.ts";

/** A subcommand factory. Adding a command is one line here. */
export type CommandFactory = (io: CliIo, exit: ExitState) => Command;

export const commands: readonly CommandFactory[] = [
  scanCommand,
  checksCommand,
  serveCommand,
  admissionCommand,
  generateCommand,
  rbacCommand,
  netpolCommand,
  snapshotCommand,
  monitorCommand,
  alertsCommand,
];
