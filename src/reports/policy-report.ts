import type { Finding, ScanReport } from "../model/report.ts";
import { compareFindings } from "./finding-order.ts";
import type { FormatOptions } from "./index.ts";
import { blockYamlWriter } from "./block-yaml.ts";
import { joinChunks } from "./chunks.ts";

// `wgpolicyk8s.io/v1alpha2` PolicyReport (one per namespace) and ClusterPolicyReport (for
// cluster-scoped resources), the format Kyverno, Policy Reporter and friends read. One result per
// finding; a suppressed failure is reported as `skip` with who accepted it.

type PolicyResult = "pass" | "fail" | "skip" | "error";

function resultOf(finding: Finding): PolicyResult {
  return finding.suppressed === undefined ? finding.status : "skip";
}

function entry(finding: Finding, seconds: number): Record<string, unknown> {
  const { resource } = finding;
  const properties: Record<string, string> = {
    ...(resource.file === undefined ? {} : { file: resource.file }),
    ...(resource.line === undefined ? {} : { line: String(resource.line) }),
    ...(finding.suppressed === undefined
      ? {}
      : {
          suppressedBy: finding.suppressed.by,
          ...(finding.suppressed.owner === undefined ? {} : { owner: finding.suppressed.owner }),
          ...(finding.suppressed.expires === undefined
            ? {}
            : { expires: finding.suppressed.expires }),
        }),
    ...finding.tags,
  };
  return {
    source: "tenet",
    policy: finding.checkId,
    rule: finding.checkId,
    category: finding.pillar,
    severity: finding.severity,
    result: resultOf(finding),
    scored: true,
    timestamp: { seconds, nanos: 0 },
    message: finding.message,
    resources: [
      {
        ...(resource.apiVersion === undefined ? {} : { apiVersion: resource.apiVersion }),
        kind: resource.kind,
        name: resource.name,
        ...(resource.namespace === undefined ? {} : { namespace: resource.namespace }),
      },
    ],
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
  };
}

function summaryOf(findings: readonly Finding[]): Record<string, number> {
  const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const finding of findings) summary[resultOf(finding)] += 1;
  return summary;
}

/** Maturity per pillar and the compliance summary, as annotations of the cluster report. */
function governanceAnnotations(report: ScanReport): Record<string, string> {
  const maturity = (report.maturity ?? []).map((m) => `${m.pillar}=${m.stage}`).join(",");
  const compliance = report.compliance;
  const failing = compliance?.clauses.filter((clause) => clause.status === "fail").length ?? 0;
  return {
    ...(maturity === "" ? {} : { "tenet.dev/ztmm-maturity": maturity }),
    ...(compliance === undefined
      ? {}
      : {
          "tenet.dev/compliance": `${compliance.framework}: ${compliance.clauses.length} clauses, ${failing} failing`,
        }),
  };
}

/** One chunk per namespace's report: together they can outgrow a string. */
export function* renderPolicyReport(
  report: ScanReport,
  _options: FormatOptions,
): Generator<string> {
  const seconds = Math.floor(Date.parse(report.generatedAt) / 1000);
  const write = blockYamlWriter();
  const all = [...report.findings, ...report.suppressed].sort(compareFindings);
  const byNamespace = new Map<string | undefined, Finding[]>();
  for (const finding of all) {
    const key = finding.resource.namespace;
    const list = byNamespace.get(key);
    if (list === undefined) byNamespace.set(key, [finding]);
    else list.push(finding);
  }
  // An empty scan still writes its (empty) cluster report: "nothing found" is a result too.
  if (byNamespace.size === 0) byNamespace.set(undefined, []);
  const keys = [...byNamespace.keys()].sort((a, b) => (a ?? "").localeCompare(b ?? ""));
  for (const [index, namespace] of keys.entries()) {
    const findings = byNamespace.get(namespace) ?? [];
    const document = {
      apiVersion: "wgpolicyk8s.io/v1alpha2",
      kind: namespace === undefined ? "ClusterPolicyReport" : "PolicyReport",
      metadata: {
        name: namespace === undefined ? "tenet-cluster" : "tenet",
        ...(namespace === undefined ? {} : { namespace }),
        labels: { "app.kubernetes.io/managed-by": "tenet" },
        // The whole-cluster facts ride on the cluster report: the PolicyReport schema has no
        // field for them.
        ...(namespace === undefined ? { annotations: governanceAnnotations(report) } : {}),
      },
      summary: summaryOf(findings),
      results: findings.map((finding) => entry(finding, seconds)),
    };
    yield `${index === 0 ? "" : "---\n"}${write(document)}`;
  }
}

export function policyReport(report: ScanReport, options: FormatOptions): string {
  return joinChunks(renderPolicyReport(report, options));
}
