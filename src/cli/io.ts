/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  /** Whether stdout is a terminal (colors, progress). */
  readonly isTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly now: () => Date;
}

/** Exit codes (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  internal: 3,
} as const;

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTty: process.stdout.isTTY,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}
