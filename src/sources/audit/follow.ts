import { open, readdir, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Where reading stopped: the file (by device and inode, which survive a rename) and the byte after the last whole line. */
export interface LogPosition {
  readonly dev: number;
  readonly ino: number;
  readonly offset: number;
  /** Lines read before `offset`, to locate later lines in messages. */
  readonly line: number;
}

export interface LogChunk {
  /** Whole lines, each with its 1-based line number in its file. */
  readonly lines: readonly { readonly text: string; readonly line: number }[];
  /** Position after these lines: save it once they are processed. */
  readonly position: LogPosition;
}

export interface FollowOptions {
  readonly follow: boolean;
  readonly from?: LogPosition;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  readonly chunkBytes?: number;
}

/**
 * Reads a JSON-lines log from a saved position, in chunks of whole lines. With `follow`, waits for
 * more, and follows rotation: when the path names a new file, the old one is read to its end first.
 * A position whose file was rotated away while nothing read it is found again among the path's
 * siblings (the apiserver and logrotate both rename in place) and finished before the new file.
 */
export async function* readAuditLog(
  path: string,
  options: FollowOptions,
): AsyncGenerator<LogChunk> {
  const pollMs = options.pollMs ?? 250;
  let from = options.from;
  let current = await openAt(path);
  if (from !== undefined && (from.dev !== current.dev || from.ino !== current.ino)) {
    const rotated = await findByInode(path, from);
    if (rotated !== undefined) {
      const old = await openAt(rotated);
      try {
        yield* drain(old, from, options, false);
      } finally {
        await old.handle.close();
      }
    }
    from = undefined;
  }
  let position: LogPosition = from ?? { dev: current.dev, ino: current.ino, offset: 0, line: 0 };
  if (position.offset > current.size) position = { ...position, offset: 0, line: 0 };
  // A reader that stops early (break, or an error) returns the generator: close the file then too.
  try {
    for (;;) {
      for await (const chunk of drain(current, position, options, !options.follow)) {
        position = chunk.position;
        yield chunk;
      }
      if (!options.follow || isAborted(options.signal)) break;
      await sleep(pollMs, options.signal);
      if (isAborted(options.signal)) break;
      const now = await stat(path).catch(() => undefined);
      if (now === undefined) continue; // between rename and create
      if (now.dev !== current.dev || now.ino !== current.ino) {
        // Rotated: finish the old file (still open), then start the new one.
        for await (const chunk of drain(current, position, options, true)) yield chunk;
        await current.handle.close();
        current = await openAt(path);
        position = { dev: current.dev, ino: current.ino, offset: 0, line: 0 };
      } else if (now.size < position.offset) {
        position = { ...position, offset: 0, line: 0 }; // truncated in place (copytruncate)
      }
    }
  } finally {
    await current.handle.close();
  }
}

interface OpenLog {
  readonly handle: FileHandle;
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
}

async function openAt(path: string): Promise<OpenLog> {
  const handle = await open(path, "r");
  try {
    const info = await handle.stat();
    return { handle, dev: info.dev, ino: info.ino, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Whole lines from `from` to the end; with `final`, a last line without a newline too. */
async function* drain(
  log: OpenLog,
  from: LogPosition,
  options: FollowOptions,
  final: boolean,
): AsyncGenerator<LogChunk> {
  const buffer = Buffer.alloc(options.chunkBytes ?? 1 << 20);
  let offset = from.offset;
  let line = from.line;
  let carry = Buffer.alloc(0);
  for (;;) {
    const { bytesRead } = await log.handle.read(buffer, 0, buffer.length, offset + carry.length);
    if (bytesRead === 0) break;
    const data = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
    const end = data.lastIndexOf(0x0a);
    if (end < 0) {
      carry = data;
      continue;
    }
    const lines = data
      .subarray(0, end)
      .toString("utf8")
      .split("\n")
      .map((text) => ({ text, line: (line += 1) }));
    offset += end + 1;
    carry = Buffer.from(data.subarray(end + 1));
    yield { lines, position: { dev: log.dev, ino: log.ino, offset, line } };
  }
  if (final && carry.length > 0) {
    line += 1;
    yield {
      lines: [{ text: carry.toString("utf8"), line }],
      // Not past it: a line without its newline may still be being written; read it again later.
      position: { dev: log.dev, ino: log.ino, offset, line: line - 1 },
    };
  }
}

async function findByInode(path: string, from: LogPosition): Promise<string | undefined> {
  const folder = dirname(path);
  const stem = basename(path).replace(/\.[^.]*$/, "");
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (!name.startsWith(stem)) continue;
    const info = await stat(join(folder, name)).catch(() => undefined);
    if (info !== undefined && info.dev === from.dev && info.ino === from.ino)
      return join(folder, name);
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
