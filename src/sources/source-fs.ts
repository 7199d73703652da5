// The file-system calls loading needs, behind an interface so tests can inject failures the
// test machine cannot produce (running as root, permissions do not stop a read).
import { open, readdir, realpath, stat } from "node:fs/promises";
import type { Diagnostic } from "../model/diagnostic.ts";

export interface SourceEntry {
  readonly name: string;
  readonly type: "file" | "directory" | "symlink" | "other";
}

export interface SourceFs {
  /** Follows symlinks. */
  stat(path: string): Promise<{ isDirectory(): boolean }>;
  readdir(path: string): Promise<readonly SourceEntry[]>;
  realpath(path: string): Promise<string>;
  /** The file's bytes, or its size when it is over `maxBytes` (then not read). */
  readFile(path: string, maxBytes: number): Promise<Uint8Array | { readonly tooLarge: number }>;
}

export const nodeFs: SourceFs = {
  stat: (path) => stat(path),
  realpath: (path) => realpath(path),
  readdir: async (path) =>
    (await readdir(path, { withFileTypes: true })).map((entry) => ({
      name: entry.name,
      type: entry.isFile()
        ? "file"
        : entry.isDirectory()
          ? "directory"
          : entry.isSymbolicLink()
            ? "symlink"
            : "other",
    })),
  readFile: async (path, maxBytes) => {
    const handle = await open(path, "r");
    try {
      const info = await handle.stat();
      if (info.isFile()) {
        if (info.size > maxBytes) return { tooLarge: info.size };
        return await handle.readFile();
      }
      // A pipe (`<(helm template ...)`) or device has no size: read up to the limit.
      return await readCapped(handle.createReadStream({ autoClose: false }), maxBytes);
    } finally {
      await handle.close();
    }
  },
};

/** A stream's bytes, or how far it got past `maxBytes` (reading stops there). */
export async function readCapped(
  stream: NodeJS.ReadableStream,
  maxBytes: number,
): Promise<Uint8Array | { readonly tooLarge: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    size += bytes.length;
    if (size > maxBytes) return { tooLarge: size };
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** A diagnostic for a failed file-system call: what failed, never a stack. */
export function readDiagnostic(file: string, error: unknown): Diagnostic {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : "";
  if (code === "ENOENT" || code === "ENOTDIR") {
    return { severity: "error", code: "not-found", message: "no such file or directory", file };
  }
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "EISDIR"
        ? "is a directory"
        : `${String(code || (error instanceof Error ? error.message : error))}`;
  return { severity: "error", code: "unreadable", message: `could not be read: ${reason}`, file };
}
