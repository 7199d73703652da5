import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { checks } from "../checks/index.ts";
import { assess } from "../evaluate/assess.ts";
import type { KubeObject } from "../model/kube-object.ts";
import { HOSTILE_NAME } from "../../test/fixtures/reports/sample-report.ts";
import { joinChunks } from "./chunks.ts";
import { formatters } from "./index.ts";

// The formatters on a report the real pipeline built (every registered control, real scores),
// not only on the hand-written fixture: the schemas must hold for what users actually get.

const objects: KubeObject[] = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "api", namespace: "shop" },
    spec: {
      template: {
        metadata: { labels: { app: "api" } },
        spec: {
          containers: [{ name: "app", image: "nginx", securityContext: { privileged: true } }],
        },
      },
    },
  },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: HOSTILE_NAME, namespace: "shop" },
    spec: { containers: [{ name: "c", image: "busybox@sha256:" + "a".repeat(64) }] },
  },
  {
    // Silenced by annotation: the report's `suppressed` list must validate too.
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: {
      name: "cni",
      namespace: "kube-system",
      annotations: { "tenet.dev/ignore": "privileged-containers" },
    },
    spec: {
      template: {
        spec: { containers: [{ name: "c", image: "cni", securityContext: { privileged: true } }] },
      },
    },
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "ops" },
    rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
  },
];

const report = assess({
  objects: objects.map((object, index) => ({
    object,
    location: { file: "manifests/app.yaml", line: index * 10 + 1 },
  })),
  diagnostics: [
    { severity: "error", code: "yaml-syntax", message: "bad", file: "broken.yaml", line: 2 },
  ],
  files: 2,
  sources: ["manifests/"],
  checks,
  exceptions: [
    {
      checks: ["rbac-wildcards"],
      resources: [{ kind: "ClusterRole", name: "ops" }],
      owner: "platform",
      reason: "break-glass role",
      expires: "2026-12-31",
      file: "exceptions.yaml",
      line: 1,
    },
  ],
  framework: "cis",
  now: new Date("2026-06-01T00:00:00Z"),
  tool: { name: "tenet", version: "0.1.0" },
});

const options = { color: false };
const require = createRequire(import.meta.url);

describe("formatters on a report built by the real pipeline", () => {
  it("json validates against docs/report-schema.json", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const schema = JSON.parse(
      readFileSync(new URL("../../docs/report-schema.json", import.meta.url), "utf8"),
    ) as object;
    const validate = ajv.compile(schema);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.suppressed.map((finding) => finding.suppressed?.by).sort()).toEqual([
      "annotation",
      "exception",
    ]);
    expect(report.compliance?.clauses.length).toBeGreaterThan(0);
    const valid = validate(JSON.parse(joinChunks(formatters.json(report, options))));
    expect(valid ? "" : ajv.errorsText(validate.errors)).toBe("");
  });

  it("sarif validates against the official SARIF 2.1.0 schema", () => {
    const path = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path, "utf8")) as object);
    const log = JSON.parse(joinChunks(formatters.sarif(report, options))) as {
      runs: { results: unknown[] }[];
    };
    expect(log.runs[0]?.results.length).toBeGreaterThan(0);
    expect(validate(log) ? "" : ajv.errorsText(validate.errors)).toBe("");
  });

  it("junit is well-formed and html never shows the hostile name raw", () => {
    expect(XMLValidator.validate(joinChunks(formatters.junit(report, options)))).toBe(true);
    expect(joinChunks(formatters.html(report, options))).not.toContain(HOSTILE_NAME);
    expect(joinChunks(formatters.markdown(report, options))).not.toContain(HOSTILE_NAME);
  });
});
