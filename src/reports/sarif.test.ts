import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  emptyReport,
  HOSTILE_NAME,
  sampleReport,
} from "../../test/fixtures/reports/sample-report.ts";
import { artifactUri, sarif } from "./sarif.ts";

// The official OASIS SARIF 2.1.0 schema (draft-04), as shipped by Microsoft's jest-sarif.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as object;
// The schema has a pattern that is only valid without the `u` flag.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
    logicalLocations?: { name: string; fullyQualifiedName: string }[];
  }[];
  suppressions?: { kind: string; status: string; justification?: string }[];
  partialFingerprints: Record<string, string>;
}
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  help: { text: string; markdown: string };
  properties: { tags: string[]; "security-severity": string };
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    results: SarifResult[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[];
  }[];
}

const logOf = (report = sampleReport()): SarifLog =>
  JSON.parse(sarif(report, { color: false })) as SarifLog;
const run = (report = sampleReport()) => logOf(report).runs[0]!;

describe("sarif report", () => {
  it("validates against the official SARIF 2.1.0 schema", () => {
    for (const report of [sampleReport(), emptyReport()]) {
      const valid = validate(logOf(report));
      expect(valid ? "" : ajv.errorsText(validate.errors)).toBe("");
    }
  });

  it("the schema rejects a malformed log (the validation is not vacuous)", () => {
    const log = logOf() as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = "critical";
    expect(validate(log)).toBe(false);
  });

  it("describes every control as a rule GitHub can grade", () => {
    const { driver } = run().tool;
    expect(driver.name).toBe("tenet");
    expect(driver.version).toBe("0.1.0");
    expect(driver.rules.map((rule) => rule.id)).toEqual(sampleReport().checks.map((c) => c.id));
    const privileged = driver.rules[0]!;
    expect(privileged.shortDescription.text).toBe("Containers do not run privileged");
    expect(privileged.help.markdown).toContain("Remove `securityContext.privileged: true`.");
    expect(privileged.properties.tags).toEqual(
      expect.arrayContaining(["security", "workload", "cis", "pci-dss"]),
    );
    expect(Number(privileged.properties["security-severity"])).toBeGreaterThanOrEqual(9);
    expect(Number(driver.rules[2]!.properties["security-severity"])).toBeLessThan(7);
  });

  it("reports failing findings, suppressed ones with suppressions, and nothing else", () => {
    const { results } = run();
    const report = sampleReport();
    const failing = report.findings.filter((finding) => finding.status === "fail").length;
    expect(results).toHaveLength(failing + report.suppressed.length);
    const suppressed = results.filter((result) => result.suppressions !== undefined);
    expect(suppressed.map((result) => result.suppressions?.[0]?.kind).sort()).toEqual([
      "external",
      "inSource",
    ]);
    expect(results.some((result) => result.message.text.includes("No container runs"))).toBe(false);
  });

  it("points at the file and line, relative, with forward slashes", () => {
    const result = run().results.find((candidate) =>
      candidate.message.text.includes("ClusterRole ops"),
    );
    expect(result?.level).toBe("error");
    expect(result?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "manifests/rbac.yaml" },
      region: { startLine: 1 },
    });
    const hostile = run().results.find((candidate) =>
      candidate.message.text.includes(HOSTILE_NAME),
    );
    expect(hostile?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe(
      "manifests/odd%20name.yaml",
    );
  });

  it("gives a finding without a file a logical location, anchored at the scanned path", () => {
    const fileless = (report = sampleReport()) =>
      run(report).results.find((candidate) => candidate.ruleId === "secrets-encrypted-at-rest");
    expect(fileless()?.locations[0]?.logicalLocations?.[0]).toMatchObject({
      name: "cluster",
      fullyQualifiedName: "Cluster/cluster",
    });
    // GitHub rejects a log with any result lacking a physical location.
    expect(fileless()?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "manifests/" },
    });
    const live = sampleReport({ sources: ["cluster:kind-dev"] });
    expect(fileless(live)?.locations[0]?.physicalLocation).toBeUndefined();
    expect(fileless(live)?.locations[0]?.logicalLocations).toHaveLength(1);
  });

  it("gives every result of a file scan a physical location (GitHub's ingestion rule)", () => {
    for (const result of run().results) {
      expect(result.locations[0]?.physicalLocation?.artifactLocation.uri).toBeTruthy();
    }
  });

  it("keeps fingerprints stable when an object moves within its file", () => {
    const moved = sampleReport({
      findings: sampleReport().findings.map((finding) => ({
        ...finding,
        resource: { ...finding.resource, line: (finding.resource.line ?? 0) + 5 },
      })),
    });
    const prints = (log: SarifLog) =>
      log.runs[0]!.results.map((result) => result.partialFingerprints["tenetResource/v1"]);
    expect(prints(logOf(moved))).toEqual(prints(logOf()));
  });

  it("records diagnostics and errored controls as notifications of an unsuccessful run", () => {
    const invocation = run().invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(3);
    expect(run(sampleReport({ complete: true })).invocations[0]!.executionSuccessful).toBe(true);
  });
});

describe("rule names", () => {
  it("are PascalCase, and absent when they would only repeat the id", () => {
    const report = sampleReport();
    const single = { ...report.checks[0]!, id: "sysctls" };
    const rules = run(sampleReport({ checks: [report.checks[0]!, single] })).tool.driver.rules as {
      id: string;
      name?: string;
    }[];
    expect(rules.map((rule) => rule.name)).toEqual(["PrivilegedContainers", undefined]);
  });
});

describe("artifactUri", () => {
  it.each([
    ["manifests/a.yaml", "manifests/a.yaml"],
    ["./manifests/a.yaml", "manifests/a.yaml"],
    ["manifests\\win\\a.yaml", "manifests/win/a.yaml"],
    ["dir with space/a#1.yaml", "dir%20with%20space/a%231.yaml"],
    ["/abs/path/a.yaml", "file:///abs/path/a.yaml"],
    ["C:\\repo\\a.yaml", "file:///C:/repo/a.yaml"],
    ["<stdin>", undefined],
    ["-", undefined],
    ["cluster:kind-dev", undefined],
  ])("%s -> %s", (file, uri) => {
    expect(artifactUri(file)).toBe(uri);
  });
});
