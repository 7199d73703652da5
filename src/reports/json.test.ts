import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { emptyReport, sampleReport } from "../../test/fixtures/reports/sample-report.ts";
import { REPORT_SCHEMA_VERSION } from "../model/report.ts";
import { json } from "./json.ts";
import addFormats from "ajv-formats";

const docs = new URL("../../docs/", import.meta.url);
const schema = JSON.parse(readFileSync(new URL("report-schema.json", docs), "utf8")) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function errorsOf(value: unknown): string {
  return validate(value) ? "" : ajv.errorsText(validate.errors);
}

describe("json report", () => {
  it("validates against docs/report-schema.json", () => {
    expect(errorsOf(JSON.parse(json(sampleReport(), { color: false })))).toBe("");
    expect(errorsOf(JSON.parse(json(emptyReport(), { color: false })))).toBe("");
  });

  it("is the report itself, with the documented keys first", () => {
    const report = sampleReport();
    const parsed = JSON.parse(json(report, { color: false })) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
    expect(Object.keys(parsed).slice(0, 3)).toEqual(["schemaVersion", "tool", "generatedAt"]);
    expect(parsed["schemaVersion"]).toBe(REPORT_SCHEMA_VERSION);
  });

  it("carries each finding's documented fields", () => {
    const parsed = JSON.parse(json(sampleReport(), { color: false })) as {
      findings: Record<string, unknown>[];
    };
    for (const finding of parsed.findings) {
      for (const key of ["checkId", "status", "severity", "pillar", "resource", "message"]) {
        expect(finding).toHaveProperty(key);
      }
      expect(finding).toHaveProperty("remediation");
      expect(finding).toHaveProperty("frameworks");
    }
  });

  it("rejects what the schema forbids (the schema is not vacuous)", () => {
    const report = JSON.parse(json(sampleReport(), { color: false })) as {
      findings: { status: string; resource: Record<string, unknown> }[];
      extra?: boolean;
    };
    const badStatus = structuredClone(report);
    badStatus.findings[0]!.status = "failed";
    expect(errorsOf(badStatus)).toContain("status");
    const noKind = structuredClone(report);
    delete noKind.findings[0]!.resource["kind"];
    expect(errorsOf(noKind)).toContain("kind");
    expect(errorsOf({ ...report, extra: true })).toContain("additional properties");
    expect(errorsOf({ ...report, schemaVersion: "2.0.0" })).toContain("schemaVersion");
  });

  it("documents the current schema version, and its example validates", () => {
    const doc = readFileSync(new URL("report-schema.md", docs), "utf8");
    expect(doc).toContain(`Current version: **${REPORT_SCHEMA_VERSION}**`);
    const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(errorsOf(JSON.parse(example ?? "null"))).toBe("");
  });
});
