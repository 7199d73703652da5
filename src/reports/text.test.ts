import { describe, expect, it } from "vitest";
import {
  emptyReport,
  HOSTILE_NAME,
  reportWithoutGovernance,
  sampleReport,
} from "../../test/fixtures/reports/sample-report.ts";
import { text } from "./text.ts";

const plain = (report = sampleReport()): string => text(report, { color: false });
const lines = (output: string): string[] => output.trimEnd().split("\n");

describe("text report", () => {
  it("fits 100 columns", () => {
    const long = sampleReport({
      findings: sampleReport().findings.map((finding) => ({
        ...finding,
        message: `${finding.message} ${"very-long-word-".repeat(20)} and more words `.repeat(3),
      })),
    });
    for (const line of lines(plain(long))) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it("prints a score line per pillar, in pillar order, with n/a when nothing was judged", () => {
    const scoreLines = lines(plain()).filter((line) => /^[A-Z]+ +(\d+\/100|n\/a)/.test(line));
    expect(scoreLines.map((line) => line.split(" ")[0])).toEqual([
      "IDENTITY",
      "NETWORK",
      "EDGE",
      "DATA",
      "WORKLOAD",
      "VISIBILITY",
    ]);
    expect(scoreLines[0]).toMatch(/^IDENTITY +50\/100 .* 1 passed · 1 failed$/);
    expect(scoreLines[2]).toMatch(/^EDGE +n\/a .* 1 skipped$/);
    expect(plain()).toMatch(/^Overall +41\/100 .*2 passed · 5 failed · 1 skipped · 1 error$/m);
  });

  it("lists failing findings under their pillar with location, message and fix", () => {
    const output = plain();
    const workload = output.slice(output.indexOf("WORKLOAD"), output.indexOf("VISIBILITY"));
    expect(workload).toContain("CRITICAL  Deployment shop/api  [privileged-containers]");
    expect(workload).toContain("manifests/shop.yaml:12");
    expect(workload).toContain("Privileged containers: app");
    expect(workload).toContain("Fix: Remove `securityContext.privileged: true`.");
    expect(workload).toContain(`Pod shop/${HOSTILE_NAME}`);
  });

  it("counts passes and suppressed findings without listing them", () => {
    const output = plain();
    expect(output).not.toContain("Deployment shop/web");
    expect(output).not.toContain("No container runs privileged");
    expect(output).not.toContain("kube-system/cni");
    expect(output).toContain("Suppressed: 2");
  });

  it("sorts by severity, then resource", () => {
    const identity = sampleReport();
    const shuffled = sampleReport({
      findings: [...identity.findings].reverse(),
    });
    expect(plain(shuffled)).toBe(plain(identity));
    const output = plain();
    expect(output.indexOf("Deployment shop/api")).toBeLessThan(output.indexOf("Pod shop/"));
  });

  it("lists errored controls, and says loudly when the scan is incomplete", () => {
    const output = plain();
    expect(output).toMatch(/ERROR +Check audit-policy/);
    expect(output).toContain("!! INCOMPLETE SCAN");
    expect(plain(sampleReport({ complete: true }))).not.toContain("INCOMPLETE");
  });

  it("summarizes failures by severity, unknown kinds and diagnostics", () => {
    const output = plain();
    expect(output).toContain("Failed: 2 critical · 0 high · 1 medium · 0 low · 0 info");
    expect(output).toContain("example.com/v1/Widget (2)");
    expect(output).toContain(
      "broken.yaml:7:3: error: Unexpected end of flow sequence [yaml-syntax]",
    );
    expect(plain(emptyReport())).not.toContain("Diagnostics");
  });

  it("shows each pillar's ZTMM stage and what blocks the next one, under its score", () => {
    const output = lines(plain());
    const identity = output.findIndex((line) => line.startsWith("IDENTITY"));
    expect(output[identity + 1]).toBe(
      "  ZTMM stage: Initial; Advanced blocked by failing: rbac-no-wildcards",
    );
    expect(plain()).toContain(
      "ZTMM stage: Traditional; Initial not reached: no control it requires ran",
    );
    expect(plain()).toContain("ZTMM stage: Optimal (highest stage)");
    expect(plain(reportWithoutGovernance())).not.toContain("ZTMM");
  });

  it("summarizes the compliance view, listing failing clauses", () => {
    const output = plain();
    expect(output).toContain("Compliance: cis\n  5 clauses: 1 pass · 3 fail · 1 not observed");
    expect(output).toContain("FAIL 5.2.2: 2 failed, 1 passed (privileged-containers)");
    expect(output).not.toContain("5.7.4");
    expect(plain(reportWithoutGovernance())).not.toContain("Compliance");
  });

  it("colors only when asked, and the colorless text is the colored one without escapes", () => {
    const colored = text(sampleReport(), { color: true });
    expect(colored).toContain("\u001B[");
    // eslint-disable-next-line no-control-regex -- stripping ANSI SGR sequences
    expect(colored.replace(/\u001B\[[\d;]*m/g, "")).toBe(plain());
  });
});
