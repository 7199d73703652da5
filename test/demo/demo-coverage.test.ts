// The demo environment is the project's showcase and its widest end-to-end fixture: every
// registered control must find at least one target that passes and one that fails there, so a
// new control (or a change to the demo) that leaves a verdict unexercised is caught here.
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { checks } from "../../src/checks/index.ts";
import { assess } from "../../src/evaluate/assess.ts";
import { covers, parseExceptions, type ParsedExceptions } from "../../src/evaluate/exceptions.ts";
import { PILLARS, type ResultStatus } from "../../src/model/check-meta.ts";
import type { ScanReport } from "../../src/model/report.ts";
import { loadSources } from "../../src/sources/index.ts";

const DEMO = "examples/demo";
const EXCEPTIONS = "examples/demo-exceptions.yaml";

/**
 * Controls that judge one object a realistic cluster has exactly once, so they can show only one
 * verdict in one demo cluster. Each must still be judged (pass or fail) there; both verdicts are
 * covered by the control's own tests. Keep this list short: a second realistic object that gives
 * the other verdict is always better than an entry here.
 */
const SINGLE_TARGET: Readonly<Record<string, string>> = {
  // One kube-apiserver: an HA control plane runs identical flags on every node.
  "apiserver-anonymous-auth": "one kube-apiserver command line",
  "apiserver-token-auth-file": "one kube-apiserver command line",
  "apiserver-authorization-mode": "one kube-apiserver command line",
  "apiserver-external-identity": "one kube-apiserver command line",
  "audit-policy-configured": "one kube-apiserver command line",
  "audit-log-backend": "one kube-apiserver command line",
  "audit-log-retention": "one kube-apiserver command line",
  // The apiserver reads one file of each kind.
  "secrets-encryption-at-rest": "one EncryptionConfiguration",
  "audit-policy-secrets": "one audit policy in effect",
  "audit-policy-rbac": "one audit policy in effect",
  "audit-policy-exec": "one audit policy in effect",
  // One verdict for the whole cluster.
  "cluster-network-policy": "one result for the cluster: a cluster-scoped policy exists or not",
  "external-secret-store": "one result for the cluster: an external store is in use or not",
  "cni-transparent-encryption": "one CNI configuration per cluster",
  "legacy-service-account-tokens":
    "one pass for a cluster without token Secrets, else one fail per token Secret",
};

/** Statuses per control, counting suppressed results too: suppression is not a verdict. */
function statusesByControl(report: ScanReport): Map<string, Set<ResultStatus>> {
  const byControl = new Map(checks.map((check) => [check.id, new Set<ResultStatus>()]));
  for (const finding of [...report.findings, ...report.suppressed]) {
    byControl.get(finding.checkId)?.add(finding.status);
  }
  return byControl;
}

let report: ScanReport;

beforeAll(async () => {
  const loaded = await loadSources([DEMO]);
  report = assess({
    objects: loaded.objects,
    diagnostics: loaded.diagnostics,
    files: loaded.files.length,
    sources: [DEMO],
    checks,
    exceptions: [],
    now: new Date("2026-06-01T00:00:00Z"),
    tool: { name: "tenet", version: "test" },
  });
});

describe("the demo environment", () => {
  it("is scanned completely, with no error diagnostics", () => {
    const errors = report.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    expect(errors).toEqual([]);
    expect(report.findings.filter((finding) => finding.status === "error")).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it("gives every control at least one pass and one fail", () => {
    const offenders = [...statusesByControl(report)]
      .filter(([id]) => SINGLE_TARGET[id] === undefined)
      .filter(([, statuses]) => !statuses.has("pass") || !statuses.has("fail"))
      .map(([id, statuses]) => `${id} (${[...statuses].sort().join(", ") || "no results"})`);
    expect(offenders, `controls without both verdicts: ${offenders.join("; ")}`).toEqual([]);
  });

  it("judges every single-target control, and exempts only registered ones", () => {
    const byControl = statusesByControl(report);
    const unknown = Object.keys(SINGLE_TARGET).filter((id) => !byControl.has(id));
    expect(unknown, "exempted ids that are not registered controls").toEqual([]);
    const unjudged = Object.keys(SINGLE_TARGET).filter((id) => {
      const statuses = byControl.get(id) ?? new Set();
      return !statuses.has("pass") && !statuses.has("fail");
    });
    expect(unjudged, "single-target controls the demo does not judge").toEqual([]);
  });

  it("has failing findings in all six pillars", () => {
    const failing = new Set(
      report.findings.filter((finding) => finding.status === "fail").map((f) => f.pillar),
    );
    expect([...failing].sort()).toEqual([...PILLARS].sort());
  });
});

describe("the demo exceptions file", () => {
  let parsed: ParsedExceptions;

  beforeAll(async () => {
    parsed = parseExceptions(await readFile(EXCEPTIONS, "utf8"), EXCEPTIONS);
  });

  it("parses cleanly and names only registered controls", () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.exceptions.length).toBeGreaterThan(0);
    const known = new Set(checks.map((check) => check.id));
    const unknown = parsed.exceptions
      .flatMap((entry) => entry.checks)
      .filter((id) => !known.has(id));
    expect(unknown, "exception check ids that are not registered").toEqual([]);
  });

  it("has no stale entry: each control it names fails on a resource it covers", () => {
    const failing = report.findings.filter((finding) => finding.status === "fail");
    const stale = parsed.exceptions.flatMap((entry) =>
      entry.checks
        .filter((id) => !failing.some((finding) => covers(entry, id, finding.resource)))
        .map((id) => `${id} (line ${entry.line ?? "?"})`),
    );
    expect(stale, "exception entries that cover no failing finding").toEqual([]);
  });
});
