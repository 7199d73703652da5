import { describe, expect, it } from "vitest";
import type { CheckMeta, ResultStatus, Severity } from "../model/check-meta.ts";
import type { Finding } from "../model/report.ts";
import { maturityOf } from "./maturity.ts";

function control(id: string, severity: Severity): CheckMeta {
  return {
    id,
    title: id,
    pillar: "network",
    severity,
    scope: "object",
    frameworks: {},
    remediation: "r",
  };
}

function results(checkId: string, statuses: readonly ResultStatus[]): Finding[] {
  return statuses.map((status, index) => ({
    checkId,
    title: checkId,
    status,
    severity: "high",
    pillar: "network",
    resource: { kind: "Pod", name: `p${index}` },
    message: "",
    remediation: "",
    frameworks: {},
  }));
}

const network = (checks: CheckMeta[], findings: Finding[]) =>
  maturityOf(checks, findings).find((m) => m.pillar === "network");

describe("ZTMM maturity", () => {
  const checks = [control("crit", "critical"), control("high", "high"), control("med", "medium")];

  it("reaches the highest stage whose required controls pass on 95% of targets", () => {
    const passes = (id: string) => results(id, Array<ResultStatus>(20).fill("pass"));
    expect(network(checks, [...passes("crit"), ...passes("high"), ...passes("med")])?.stage).toBe(
      "optimal",
    );
    // 19 of 20 is exactly 95%: met. 18 of 20 is not.
    const nineteen = results("high", [...Array<ResultStatus>(19).fill("pass"), "fail"]);
    expect(network(checks, [...passes("crit"), ...nineteen, ...passes("med")])?.stage).toBe(
      "optimal",
    );
    const eighteen = results("high", [...Array<ResultStatus>(18).fill("pass"), "fail", "fail"]);
    expect(network(checks, [...passes("crit"), ...eighteen, ...passes("med")])).toMatchObject({
      stage: "initial",
      next: "advanced",
      failing: ["high"],
    });
  });

  it("never counts an unobserved control as passed", () => {
    const skipped = results("crit", ["skip", "skip"]);
    expect(
      network(checks, [...skipped, ...results("high", ["pass"]), ...results("med", ["pass"])]),
    ).toMatchObject({
      stage: "traditional",
      next: "initial",
      unknown: ["crit"],
    });
  });

  it("passes through a stage that requires nothing, but not without evidence", () => {
    const noCritical = [control("high", "high"), control("med", "medium")];
    const passes = (id: string) => results(id, Array<ResultStatus>(20).fill("pass"));
    expect(network(noCritical, [...passes("high"), ...results("med", ["fail"])])).toMatchObject({
      stage: "advanced",
      next: "optimal",
      failing: ["med"],
    });
    expect(network(noCritical, [...results("high", ["skip"])])).toMatchObject({
      stage: "traditional",
      next: "initial",
    });
  });

  it("stays traditional for a pillar with no controls", () => {
    expect(maturityOf([], []).every((m) => m.stage === "traditional")).toBe(true);
  });
});
