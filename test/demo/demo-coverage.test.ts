// The demo environment is the project's showcase and its widest end-to-end fixture: every
// registered control must find at least one target that passes and one that fails there, so a
// new control (or a change to the demo) that leaves a verdict unexercised is caught here. No
// control is exempt: one that judges the cluster as a whole judges each apiserver, namespace or
// CNI configuration in it, and the demo has one of each verdict.
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { checks } from "../../src/checks/index.ts";
import { assess } from "../../src/evaluate/assess.ts";
import { covers, parseExceptions, type ParsedExceptions } from "../../src/evaluate/exceptions.ts";
import { PILLARS, type ResultStatus } from "../../src/model/check-meta.ts";
import type { ScanReport } from "../../src/model/report.ts";
import { loadSources } from "../../src/sources/index.ts";

const DEMO = "examples/demo";
const EXCEPTIONS = "examples/demo-exceptions.yaml";

/** Statuses per control, counting suppressed results too: suppression is not a verdict. */
function statusesByControl(report: ScanReport): Map<string, Set<ResultStatus>> {
  const byControl = new Map(checks.map((check) => [check.id, new Set<ResultStatus>()]));
  for (const finding of [...report.findings, ...report.suppressed]) {
    byControl.get(finding.checkId)?.add(finding.status);
  }
  return byControl;
}

let report: ScanReport;

beforeAll(async () => {
  const loaded = await loadSources([DEMO]);
  report = assess({
    objects: loaded.objects,
    diagnostics: loaded.diagnostics,
    files: loaded.files.length,
    sources: [DEMO],
    checks,
    exceptions: [],
    now: new Date("2026-06-01T00:00:00Z"),
    tool: { name: "tenet", version: "test" },
  });
});

describe("the demo environment", () => {
  it("is scanned completely, with no error diagnostics", () => {
    const errors = report.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    expect(errors).toEqual([]);
    expect(report.findings.filter((finding) => finding.status === "error")).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it("gives every control at least one pass and one fail", () => {
    const offenders = [...statusesByControl(report)]
      .filter(([, statuses]) => !statuses.has("pass") || !statuses.has("fail"))
      .map(([id, statuses]) => `${id} (${[...statuses].sort().join(", ") || "no results"})`);
    expect(offenders, `controls without both verdicts: ${offenders.join("; ")}`).toEqual([]);
  });

  it("has failing findings in all six pillars", () => {
    const failing = new Set(
      report.findings.filter((finding) => finding.status === "fail").map((f) => f.pillar),
    );
    expect([...failing].sort()).toEqual([...PILLARS].sort());
  });
});

describe("the demo exceptions file", () => {
  let parsed: ParsedExceptions;

  beforeAll(async () => {
    parsed = parseExceptions(await readFile(EXCEPTIONS, "utf8"), EXCEPTIONS);
  });

  it("parses cleanly and names only registered controls", () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.exceptions.length).toBeGreaterThan(0);
    const known = new Set(checks.map((check) => check.id));
    const unknown = parsed.exceptions
      .flatMap((entry) => entry.checks)
      .filter((id) => !known.has(id));
    expect(unknown, "exception check ids that are not registered").toEqual([]);
  });

  it("has no stale entry: each control it names fails on a resource it covers", () => {
    const failing = report.findings.filter((finding) => finding.status === "fail");
    const stale = parsed.exceptions.flatMap((entry) =>
      entry.checks
        .filter((id) => !failing.some((finding) => covers(entry, id, finding.resource)))
        .map((id) => `${id} (line ${entry.line ?? "?"})`),
    );
    expect(stale, "exception entries that cover no failing finding").toEqual([]);
  });
});
