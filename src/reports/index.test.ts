import { describe, expect, it } from "vitest";
import { emptyReport, sampleReport } from "../../test/fixtures/reports/sample-report.ts";
import type { ScanReport } from "../model/report.ts";
import { joinChunks } from "./chunks.ts";
import { FORMAT_NAMES, formatters } from "./index.ts";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe("formatters", () => {
  it("lists every format once, in the order of the map", () => {
    expect(FORMAT_NAMES).toEqual([
      "text",
      "json",
      "sarif",
      "junit",
      "markdown",
      "html",
      "policyreport",
    ]);
  });

  for (const name of FORMAT_NAMES) {
    describe(name, () => {
      it("is deterministic and does not touch the report", () => {
        const report: ScanReport = deepFreeze(sampleReport());
        const first = joinChunks(formatters[name](report, { color: false }));
        expect(joinChunks(formatters[name](report, { color: false }))).toBe(first);
        expect(first.endsWith("\n")).toBe(true);
      });

      it("writes no ANSI escapes without color", () => {
        expect(joinChunks(formatters[name](sampleReport(), { color: false }))).not.toContain(
          "\u001B[",
        );
      });

      it("renders an empty, complete scan", () => {
        const output = joinChunks(formatters[name](emptyReport(), { color: false }));
        expect(output.length).toBeGreaterThan(0);
      });
    });
  }
});
