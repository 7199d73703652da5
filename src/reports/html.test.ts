import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  emptyReport,
  HOSTILE_NAME,
  reportWithoutGovernance,
  sampleReport,
} from "../../test/fixtures/reports/sample-report.ts";
import { html, MAX_PASS_ROWS } from "./html.ts";

const render = (report = sampleReport()): string => html(report, { color: false });

function hashOf(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

describe("html report", () => {
  it("shows a hostile resource name only escaped", () => {
    const output = render();
    expect(output).not.toContain(HOSTILE_NAME);
    expect(output).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // The page's own script is the only one.
    expect(output.match(/<script/g)).toHaveLength(1);
  });

  it("escapes hostile text in every place the input shows up", () => {
    const evil = '"><img src=x onerror=alert(1)>';
    const report = sampleReport();
    const output = render(
      sampleReport({
        sources: [evil],
        findings: report.findings.map((finding) => ({
          ...finding,
          message: evil,
          resource: { ...finding.resource, namespace: evil, file: evil },
        })),
        diagnostics: [{ severity: "error", code: "x", message: evil, file: evil }],
        summary: { ...report.summary, unknownKinds: { [evil]: 1 } },
      }),
    );
    expect(output).not.toContain("<img");
    expect(output).not.toContain("onerror=alert(1)>");
  });

  it("is self-contained: no external resource of any kind", () => {
    const output = render();
    expect(output).not.toMatch(/\b(src|href)\s*=/i);
    expect(output).not.toMatch(/url\(/i);
    expect(output).not.toMatch(/@import/i);
    // The only URL is the SVG namespace, which is a name, never fetched.
    const urls = output.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]));
  });

  it("allows exactly its own inline style and script through the Content-Security-Policy", () => {
    const output = render();
    const style = /<style>([\s\S]*?)<\/style>/.exec(output)?.[1] ?? "";
    const script = /<script>([\s\S]*?)<\/script>/.exec(output)?.[1] ?? "";
    const attribute = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(output)?.[1];
    const policy = (attribute ?? "").replaceAll("&#39;", "'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`style-src ${hashOf(style)}`);
    expect(policy).toContain(`script-src ${hashOf(script)}`);
  });

  it("has a chart with a bar per pillar and the overall score", () => {
    const output = render();
    const chart = /<svg class="chart"[\s\S]*?<\/svg>/.exec(output)?.[0] ?? "";
    for (const pillar of ["identity", "network", "edge", "data", "workload", "visibility"]) {
      expect(chart).toContain(`>${pillar}</text>`);
    }
    expect(output).toContain('aria-label="Overall score 41 of 100"');
    expect(render(emptyReport())).toContain('aria-label="Overall score n/a of 100"');
  });

  it("has one table row per result, suppressed included, with filterable attributes", () => {
    const report = sampleReport();
    const rows = render().match(
      /<tr data-pillar="[a-z]+" data-severity="[a-z]+" data-status="[a-z]+">/g,
    );
    expect(rows).toHaveLength(report.findings.length + report.suppressed.length);
    expect(rows?.filter((row) => row.includes('data-status="suppressed"'))).toHaveLength(2);
    for (const id of ["f-pillar", "f-severity", "f-status", "f-text"]) {
      expect(render()).toContain(`id="${id}"`);
    }
  });

  it("shows the maturity stage per pillar and the compliance view when present", () => {
    const output = render();
    expect(output).toContain("Maturity (CISA Zero Trust Maturity Model v2)");
    expect(output).toContain(
      '<td class="cap">identity</td><td><span class="pill stage-initial">initial</span></td><td>Advanced</td><td>failing: rbac-no-wildcards</td>',
    );
    expect(output).toContain("Compliance: cis");
    expect(output.match(/<tr><td><code>[\d.]+<\/code><\/td>/g)).toHaveLength(5);
    const bare = render(reportWithoutGovernance());
    expect(bare).not.toContain("Maturity (");
    expect(bare).not.toContain("Compliance:");
  });

  it("warns when the scan is incomplete, lists diagnostics", () => {
    expect(render()).toContain('role="alert"');
    expect(render(sampleReport({ complete: true }))).not.toContain('role="alert"');
    expect(render()).toContain("broken.yaml:7:3: error: Unexpected end of flow sequence");
  });
});

describe("html report on a large scan", () => {
  it("lists every problem but caps passing rows, and says how many it left out", () => {
    const report = sampleReport();
    const pass = report.findings.find((finding) => finding.status === "pass")!;
    const passes = Array.from({ length: MAX_PASS_ROWS + 3 }, (_, index) => ({
      ...pass,
      resource: { ...pass.resource, name: `web-${index}` },
    }));
    const output = render(sampleReport({ findings: [...report.findings, ...passes] }));
    const problems = report.findings.filter((finding) => finding.status !== "pass").length;
    expect(output.match(/data-status="pass"/g)).toHaveLength(MAX_PASS_ROWS);
    expect(output.match(/data-status="(fail|error|skip)"/g)).toHaveLength(problems);
    const allPasses = report.findings.length - problems + passes.length;
    expect(output).toContain(
      `${allPasses - MAX_PASS_ROWS} more passing results are counted in the scores but not listed.`,
    );
  });
});
