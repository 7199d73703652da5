import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  emptyReport,
  HOSTILE_NAME,
  sampleReport,
} from "../../test/fixtures/reports/sample-report.ts";
import { junit } from "./junit.ts";

interface Case {
  classname: string;
  name: string;
  failure?: unknown;
  error?: unknown;
  skipped?: { message: string };
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase?: Case[];
}
interface Parsed {
  testsuites: Omit<Suite, "name" | "testcase"> & { testsuite?: Suite[] };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => name === "testsuite" || name === "testcase",
});
const parse = (xml: string): Parsed => parser.parse(xml) as Parsed;

describe("junit report", () => {
  it("is well-formed XML, even with hostile names and control characters", () => {
    const report = sampleReport();
    const nasty = sampleReport({
      findings: report.findings.map((finding) => ({
        ...finding,
        message: `${finding.message} \u0001\u0008 ]]> <x a="1"> & '`,
      })),
    });
    for (const candidate of [report, nasty, emptyReport()]) {
      expect(XMLValidator.validate(junit(candidate, { color: false }))).toBe(true);
    }
  });

  it("has one suite per control and one case per target, with classname and resource", () => {
    const { testsuites } = parse(junit(sampleReport(), { color: false }));
    const suites = testsuites.testsuite ?? [];
    expect(suites.map((suite) => suite.name)).toEqual([
      ...sampleReport().checks.map((c) => c.id),
      "zero-trust-governance",
    ]);
    const privileged = suites[0]!.testcase ?? [];
    expect(privileged).toHaveLength(4);
    expect(privileged.every((testcase) => testcase.classname === "privileged-containers")).toBe(
      true,
    );
    expect(privileged.map((testcase) => testcase.name)).toContain(`Pod shop/${HOSTILE_NAME}`);
  });

  it("counts right, at suite and top level, from the cases themselves", () => {
    const { testsuites } = parse(junit(sampleReport(), { color: false }));
    let totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const suite of testsuites.testsuite ?? []) {
      const cases = suite.testcase ?? [];
      const counted = {
        tests: cases.length,
        failures: cases.filter((testcase) => testcase.failure !== undefined).length,
        errors: cases.filter((testcase) => testcase.error !== undefined).length,
        skipped: cases.filter((testcase) => testcase.skipped !== undefined).length,
      };
      expect({
        tests: Number(suite.tests),
        failures: Number(suite.failures),
        errors: Number(suite.errors),
        skipped: Number(suite.skipped),
      }).toEqual(counted);
      totals = {
        tests: totals.tests + counted.tests,
        failures: totals.failures + counted.failures,
        errors: totals.errors + counted.errors,
        skipped: totals.skipped + counted.skipped,
      };
    }
    const report = sampleReport();
    expect(totals).toEqual({
      tests: report.findings.length + report.suppressed.length,
      failures: report.findings.filter((finding) => finding.status === "fail").length,
      errors: report.findings.filter((finding) => finding.status === "error").length,
      skipped:
        report.findings.filter((finding) => finding.status === "skip").length +
        report.suppressed.length,
    });
    expect(Number(testsuites.tests)).toBe(totals.tests);
    expect(Number(testsuites.failures)).toBe(totals.failures);
  });

  it("marks a suppressed failure skipped, with its reason", () => {
    const { testsuites } = parse(junit(sampleReport(), { color: false }));
    const cases = (testsuites.testsuite ?? []).flatMap((suite) => suite.testcase ?? []);
    const cni = cases.find((testcase) => testcase.name === "DaemonSet kube-system/cni");
    expect(cni?.skipped?.message).toBe(
      "suppressed by annotation: the CNI installer writes to the host",
    );
    expect(cni?.failure).toBeUndefined();
  });

  it("keeps results of a control missing from the catalog in a suite of their own", () => {
    const report = sampleReport();
    const orphan = { ...report.findings[0]!, checkId: "retired-control" };
    const { testsuites } = parse(
      junit({ ...report, findings: [...report.findings, orphan] }, { color: false }),
    );
    // Last among the controls; only the governance suite (no test cases) follows.
    expect((testsuites.testsuite ?? []).at(-2)?.name).toBe("retired-control");
  });

  it("carries the maturity stages and the compliance view as properties of their own suite", () => {
    const xml = junit(sampleReport(), { color: false });
    const governance = xml.slice(xml.indexOf('<testsuite name="zero-trust-governance"'));
    expect(governance).toContain('tests="0"');
    for (const maturity of sampleReport().maturity ?? []) {
      expect(governance).toContain(
        `<property name="maturity.${maturity.pillar}" value="${maturity.stage}`,
      );
    }
    const framework = sampleReport().compliance?.framework;
    expect(framework).toBeDefined();
    expect(governance).toContain(`<property name="compliance.${framework ?? ""}.`);
  });
});
