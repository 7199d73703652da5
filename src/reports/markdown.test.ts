import { describe, expect, it } from "vitest";
import {
  emptyReport,
  HOSTILE_NAME,
  reportWithoutGovernance,
  sampleReport,
} from "../../test/fixtures/reports/sample-report.ts";
import { markdown, MAX_FINDING_ROWS } from "./markdown.ts";

const render = (report = sampleReport()): string => markdown(report, { color: false });

/** Splits a GFM table row into cells, honoring `\|` escapes the way GitHub does. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((cell) => cell.trim());
}

describe("markdown report", () => {
  it("has a pillar score table with every pillar", () => {
    const rows = render()
      .split("\n")
      .filter((line) => /^\| (identity|network|edge|data|workload|visibility) \|/.test(line));
    expect(rows.map((row) => cells(row)[0])).toEqual([
      "identity",
      "network",
      "edge",
      "data",
      "workload",
      "visibility",
    ]);
    expect(cells(rows[0]!)).toEqual([
      "identity",
      "50",
      "Initial",
      "Advanced: failing: rbac-no-wildcards",
      "1",
      "1",
      "0",
      "0",
    ]);
    expect(cells(rows[2]!).slice(1, 4)).toEqual([
      "n/a",
      "Traditional",
      "Initial: no control of it ran",
    ]);
    expect(cells(rows[5]!).slice(2, 4)).toEqual(["Optimal", ""]);
  });

  it("lists failing findings with six cells each, pipes and markup escaped", () => {
    const lines = render().split("\n");
    const start = lines.indexOf(
      "| Severity | Control | Resource | Location | Message | Remediation |",
    );
    const after = lines.slice(start + 2);
    const rows = after.slice(0, after.indexOf(""));
    const report = sampleReport();
    expect(rows).toHaveLength(
      report.findings.filter((f) => f.status === "fail" || f.status === "error").length,
    );
    for (const row of rows) expect(cells(row)).toHaveLength(6);
    const hostile = rows.find((row) => row.includes("script"));
    expect(hostile).toBeDefined();
    expect(hostile).not.toContain(HOSTILE_NAME);
    expect(hostile).toContain("\\<script\\>");
    expect(hostile).toContain("a\\|b");
  });

  it("warns when the scan is incomplete", () => {
    expect(render()).toContain("Incomplete scan");
    expect(render(sampleReport({ complete: true }))).not.toContain("Incomplete scan");
  });

  it("cuts long lists and says how many were left out", () => {
    const base = sampleReport().findings[0]!;
    const many = Array.from({ length: MAX_FINDING_ROWS + 7 }, (_, index) => ({
      ...base,
      resource: { ...base.resource, name: `api-${String(index).padStart(3, "0")}` },
    }));
    const output = render(sampleReport({ findings: many }));
    expect(output.split("\n").filter((line) => line.startsWith("| critical"))).toHaveLength(
      MAX_FINDING_ROWS,
    );
    expect(output).toContain("and 7 more");
  });

  it("lists the failing clauses of the compliance view, when there is one", () => {
    const output = render();
    expect(output).toContain("### Compliance: cis");
    expect(output).toContain("5 clauses: 1 pass · 3 fail · 1 not observed");
    expect(output).toContain("| 5.2.2 | `privileged-containers` | 2 | 1 |");
    expect(output).not.toContain("| 5.7.4 |");
    expect(render(reportWithoutGovernance())).not.toContain("Compliance");
  });

  it("says so when nothing fails", () => {
    expect(render(emptyReport())).toContain("### Failing findings (0)\n\nNone.");
  });
});
