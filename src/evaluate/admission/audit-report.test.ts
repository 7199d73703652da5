import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.ts";
import { auditReport } from "./audit-report.ts";
import type { ControlVerdict } from "./decide.ts";

const known = checks.find((check) => check.scope === "object");

describe("auditReport", () => {
  it("makes one fail finding per audited control, with the control's pillar and the admission facts", () => {
    if (known === undefined) throw new Error("no object-scope control in the catalog");
    const verdict: ControlVerdict = {
      checkId: known.id,
      title: known.title,
      severity: "high",
      action: "audit",
      message: "m",
      remediation: "r",
    };
    const unknown: ControlVerdict = { ...verdict, checkId: "no-such-control" };
    const report = auditReport(
      [
        {
          resource: { kind: "Pod", namespace: "shop", name: "a" },
          operation: "UPDATE",
          admittedAt: "2026-06-01T10:00:00.000Z",
          verdicts: [verdict, unknown],
        },
      ],
      checks,
      new Date("2026-06-02T00:00:00Z"),
    );
    expect(report.generatedAt).toBe("2026-06-02T00:00:00.000Z");
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      checkId: known.id,
      status: "fail",
      severity: "high",
      pillar: known.pillar,
      resource: { kind: "Pod", namespace: "shop", name: "a" },
      tags: { admission: "audit", operation: "UPDATE", admittedAt: "2026-06-01T10:00:00.000Z" },
    });
    expect(report.summary.failedBySeverity.high).toBe(1);
    expect(report.scores.overall.failed).toBe(1);
  });
});
