// Child processes of the control plane, each in its own process group so that stopping it
// also stops anything it forked, and so that nothing is left behind when a test run fails.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export interface Managed {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  isRunning(): boolean;
}

const live = new Set<number>();
let hooked = false;

/** Last resort: a test runner that exits (even on failure) takes the process groups with it. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const pid of live) killGroup(pid, "SIGKILL");
  });
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export interface StartProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  /** Outlive this Node process (`npm run k8s:up`); stopped later by pid. */
  readonly detached?: boolean;
}

export function startProcess(options: StartProcessOptions): Managed {
  const fd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      detached: true,
      stdio: ["ignore", fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.command}`);
  let running = true;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      running = false;
      live.delete(pid);
      resolve();
    });
    child.once("error", () => {
      running = false;
      live.delete(pid);
      resolve();
    });
  });
  if (options.detached === true) {
    child.unref();
  } else {
    live.add(pid);
    hookExit();
  }
  return { name: options.name, pid, logFile: options.logFile, exited, isRunning: () => running };
}

/** SIGTERM the group, SIGKILL it if it has not exited within `graceMs`. */
export async function stopProcess(managed: Managed, graceMs = 15_000): Promise<void> {
  if (!managed.isRunning()) return;
  killGroup(managed.pid, "SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), graceMs);
  });
  const outcome = await Promise.race([managed.exited.then(() => "exited" as const), late]);
  clearTimeout(timer);
  if (outcome === "late") {
    killGroup(managed.pid, "SIGKILL");
    await managed.exited;
  }
}

/** Whether a process (group leader) with this pid still exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function tailOf(logFile: string, lines = 30): string {
  try {
    return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
