import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { sampleReport } from "../../../test/fixtures/reports/sample-report.ts";
import type { Finding } from "../../model/report.ts";
import { json, renderJson } from "../../reports/json.ts";
import type { CliIo } from "../io.ts";
import { writeReport } from "./scan.ts";

/** A report whose JSON is some hundred kilobytes: many copies of the sample's findings. */
function bigReport() {
  const base = sampleReport();
  const findings: Finding[] = [];
  for (let i = 0; i < 200; i += 1) {
    for (const finding of base.findings) {
      findings.push({ ...finding, resource: { ...finding.resource, name: `copy-${i}` } });
    }
  }
  return sampleReport({ findings });
}

function ioWith(stdout: NodeJS.WritableStream, cwd: string): CliIo {
  return {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from([""]),
    isTty: false,
    env: {},
    cwd,
    now: () => new Date("2026-06-01T00:00:00Z"),
  };
}

/** A slow stdout with a small buffer: writes must wait for it to drain. */
function recordingStdout(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString("utf8"));
      setImmediate(done);
    },
  });
  return { stream, writes };
}

describe("writeReport", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("streams a report bigger than the piece size to stdout, and it still parses", async () => {
    const report = bigReport();
    const whole = json(report, { color: false });
    const pieceChars = 16 * 1024;
    expect(whole.length).toBeGreaterThan(10 * pieceChars);
    const { stream, writes } = recordingStdout();
    await writeReport(
      ioWith(stream, tmpdir()),
      renderJson(report, { color: false }),
      undefined,
      pieceChars,
    );
    expect(writes.length).toBeGreaterThanOrEqual(Math.floor(whole.length / pieceChars));
    for (const piece of writes.slice(0, -1))
      expect(piece.length).toBeGreaterThanOrEqual(pieceChars);
    const written = writes.join("");
    expect(written).toBe(whole);
    expect((JSON.parse(written) as { findings: unknown[] }).findings).toHaveLength(
      report.findings.length,
    );
  });

  it("writes a report smaller than the piece size in one write", async () => {
    const report = sampleReport();
    const { stream, writes } = recordingStdout();
    await writeReport(ioWith(stream, tmpdir()), renderJson(report, { color: false }), undefined);
    expect(writes).toEqual([json(report, { color: false })]);
  });

  it("streams to --output-file, replacing what was there", async () => {
    dir = await mkdtemp(join(tmpdir(), "tenet-write-report-"));
    const report = bigReport();
    const io = ioWith(new PassThrough(), dir);
    // Longer than the report: what is left of it must go.
    await writeReport(io, ["x".repeat(json(report, { color: false }).length + 100)], "report.json");
    await writeReport(io, renderJson(report, { color: false }), "report.json", 4096);
    const written = await readFile(join(dir, "report.json"), "utf8");
    expect(written).toBe(json(report, { color: false }));
    expect(() => JSON.parse(written) as unknown).not.toThrow();
  });
});
