import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readAuditLog, type LogPosition } from "./follow.ts";

const folders: string[] = [];
function logPath(): string {
  const folder = mkdtempSync(join(tmpdir(), "tenet-follow-"));
  folders.push(folder);
  return join(folder, "audit.log");
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function readAll(path: string, from?: LogPosition) {
  const texts: string[] = [];
  let position: LogPosition | undefined;
  for await (const chunk of readAuditLog(path, {
    follow: false,
    ...(from === undefined ? {} : { from }),
    chunkBytes: 16,
  })) {
    texts.push(...chunk.lines.map((line) => line.text));
    position = chunk.position;
  }
  return { texts, position };
}

describe("readAuditLog", () => {
  it("reads whole lines across small chunks and resumes from a position", async () => {
    const path = logPath();
    writeFileSync(path, "first line\nsecond line\n");
    const first = await readAll(path);
    expect(first.texts).toEqual(["first line", "second line"]);
    appendFileSync(path, "third line\n");
    const next = await readAll(path, first.position);
    expect(next.texts).toEqual(["third line"]);
    expect(next.position?.line).toBe(3);
  });

  it("reports a last line without newline but does not move past it", async () => {
    const path = logPath();
    writeFileSync(path, 'whole\n{"trunc');
    const { texts, position } = await readAll(path);
    expect(texts).toEqual(["whole", '{"trunc']);
    expect(position?.offset).toBe(6);
  });

  it("finishes a file rotated away while nothing read it, then reads the new one", async () => {
    const path = logPath();
    writeFileSync(path, "a\nb\n");
    const { position } = await readAll(path);
    appendFileSync(path, "c\n");
    renameSync(path, path.replace("audit.log", "audit-2026-06-01T10-00-00.000.log"));
    writeFileSync(path, "d\n");
    expect((await readAll(path, position)).texts).toEqual(["c", "d"]);
  });

  it("follows appends and a rotation, in order, until stopped", async () => {
    const path = logPath();
    writeFileSync(path, "1\n");
    const stop = new AbortController();
    const seen: string[] = [];
    // What the writer does after the reader has seen each line.
    const after: Record<string, () => void> = {
      "1": () => appendFileSync(path, "2\n3"), // line 3 left unfinished
      "2": () => {
        appendFileSync(path, "4\n"); // finishes line "34", then the log rotates
        renameSync(path, `${path}.1`);
        writeFileSync(path, "5\n");
      },
      "5": () => stop.abort(),
    };
    for await (const chunk of readAuditLog(path, {
      follow: true,
      pollMs: 5,
      signal: stop.signal,
    })) {
      for (const { text } of chunk.lines) {
        seen.push(text);
        after[text]?.();
      }
    }
    expect(seen).toEqual(["1", "2", "34", "5"]);
  });
});
