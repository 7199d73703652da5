import { describe, expect, it } from "vitest";
import type { CheckMeta } from "../model/check-meta.ts";
import type { Finding } from "../model/report.ts";
import { complianceOf } from "./compliance.ts";

const checks: CheckMeta[] = [
  {
    id: "a",
    title: "a",
    pillar: "data",
    severity: "high",
    scope: "object",
    remediation: "r",
    frameworks: { hipaa: ["164.312(a)(2)(iv)"], gdpr: ["Art. 32"] },
  },
  {
    id: "b",
    title: "b",
    pillar: "edge",
    severity: "high",
    scope: "object",
    remediation: "r",
    frameworks: { hipaa: ["164.312(e)(1)", "164.312(a)(2)(iv)"] },
  },
  {
    id: "c",
    title: "c",
    pillar: "edge",
    severity: "low",
    scope: "object",
    remediation: "r",
    frameworks: { hipaa: ["164.312(b)"] },
  },
];

function finding(checkId: string, status: Finding["status"]): Finding {
  return {
    checkId,
    title: checkId,
    status,
    severity: "high",
    pillar: "data",
    resource: { kind: "Secret", name: "s" },
    message: "",
    remediation: "",
    frameworks: {},
  };
}

describe("compliance view", () => {
  it("lists each clause with its controls and counts", () => {
    const view = complianceOf("hipaa", checks, [
      finding("a", "pass"),
      finding("b", "fail"),
      finding("c", "skip"),
    ]);
    expect(view.clauses).toEqual([
      {
        clause: "164.312(a)(2)(iv)",
        controls: ["a", "b"],
        passed: 1,
        failed: 1,
        skipped: 0,
        status: "fail",
      },
      {
        clause: "164.312(b)",
        controls: ["c"],
        passed: 0,
        failed: 0,
        skipped: 1,
        status: "unknown",
      },
      {
        clause: "164.312(e)(1)",
        controls: ["b"],
        passed: 0,
        failed: 1,
        skipped: 0,
        status: "fail",
      },
    ]);
  });

  it("leaves out frameworks a control does not map to", () => {
    expect(complianceOf("gdpr", checks, [finding("a", "pass")]).clauses).toEqual([
      { clause: "Art. 32", controls: ["a"], passed: 1, failed: 0, skipped: 0, status: "pass" },
    ]);
  });
});
