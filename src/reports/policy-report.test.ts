import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../test/fixtures/reports/sample-report.ts";
import { policyReport } from "./policy-report.ts";

interface PolicyReportDoc {
  readonly kind: string;
  readonly metadata: { readonly namespace?: string };
  readonly summary: Readonly<Record<string, number>>;
  readonly results: readonly {
    readonly policy: string;
    readonly result: string;
    readonly resources: readonly { readonly kind: string; readonly namespace?: string }[];
    readonly properties?: Readonly<Record<string, string>>;
  }[];
}

describe("policyreport format", () => {
  const report = sampleReport();
  const documents = parseAllDocuments(policyReport(report, { color: false })).map(
    (document) => document.toJS() as PolicyReportDoc,
  );

  it("writes one PolicyReport per namespace and a ClusterPolicyReport for cluster-scoped resources", () => {
    for (const document of documents) {
      expect(document.kind).toBe(
        document.metadata.namespace === undefined ? "ClusterPolicyReport" : "PolicyReport",
      );
      for (const result of document.results) {
        expect(result.resources[0]?.namespace).toBe(document.metadata.namespace);
      }
    }
    const total = documents.reduce((sum, document) => sum + document.results.length, 0);
    expect(total).toBe(report.findings.length + report.suppressed.length);
  });

  it("keeps the summary equal to the results and reports suppressed failures as skip", () => {
    for (const document of documents) {
      const counted: Record<string, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
      for (const result of document.results)
        counted[result.result] = (counted[result.result] ?? 0) + 1;
      expect(document.summary).toEqual(counted);
    }
    const suppressed = documents
      .flatMap((document) => document.results)
      .filter((r) => r.properties?.["suppressedBy"] !== undefined);
    expect(suppressed.length).toBe(report.suppressed.length);
    expect(suppressed.every((result) => result.result === "skip")).toBe(true);
  });
});

describe("policyreport governance", () => {
  it("puts the maturity stages and the compliance summary on the cluster report", () => {
    const report = sampleReport();
    const cluster = parseAllDocuments(policyReport(report, { color: false }))
      .map(
        (document) =>
          document.toJS() as { kind: string; metadata: { annotations?: Record<string, string> } },
      )
      .find((document) => document.kind === "ClusterPolicyReport");
    const annotations = cluster?.metadata.annotations ?? {};
    for (const maturity of report.maturity ?? []) {
      expect(annotations["tenet.dev/ztmm-maturity"]).toContain(
        `${maturity.pillar}=${maturity.stage}`,
      );
    }
    expect(annotations["tenet.dev/compliance"]).toMatch(/clauses, \d+ failing$/);
  });
});
