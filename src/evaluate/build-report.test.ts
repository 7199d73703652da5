import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../test/helpers/inventory.ts";
import type { Check } from "../checks/check.ts";
import type { Result } from "../model/check-meta.ts";
import { privilegedContainers } from "../checks/workload/privileged-containers.ts";
import { buildReport } from "./build-report.ts";
import { parseExceptions } from "./exceptions.ts";
import { runChecks } from "./run-checks.ts";

const privileged = { containers: [{ name: "c", securityContext: { privileged: true } }] };
const plain = { containers: [{ name: "c" }] };

function report(objects: Parameters<typeof contextOf>[0], exceptionsText = "exceptions: []") {
  const context = contextOf(objects, new Date("2026-06-01T00:00:00Z"));
  const checks = [privilegedContainers];
  return buildReport({
    checks,
    results: runChecks(checks, context),
    inventory: context.inventory,
    diagnostics: [],
    exceptions: parseExceptions(exceptionsText, "exceptions.yaml").exceptions,
    files: 1,
    sources: ["test.yaml"],
    now: context.now,
    tool: { name: "tenet", version: "0.0.0" },
  });
}

describe("buildReport", () => {
  it("counts pass and fail and scores the pillar", () => {
    const result = report([pod("a", privileged), pod("b", plain), pod("c", plain)]);
    expect(result.summary.failedBySeverity.critical).toBe(1);
    const workload = result.scores.pillars.find((p) => p.pillar === "workload");
    expect(workload).toMatchObject({ passed: 2, failed: 1 });
    expect(workload?.score).toBeCloseTo(66.7, 1);
    expect(result.scores.pillars.find((p) => p.pillar === "edge")?.score).toBeNull();
    expect(result.findings[0]?.status).toBe("fail");
  });

  it("silences a control named in the object's tenet.dev/ignore annotation", () => {
    const ignored = {
      ...pod("a", privileged),
      metadata: {
        name: "a",
        namespace: "default",
        annotations: { "tenet.dev/ignore": "x, privileged-containers" },
      },
    };
    const result = report([ignored]);
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toHaveLength(1);
    expect(result.suppressed[0]?.suppressed?.by).toBe("annotation");
  });

  it("honours a live exception and reports an expired one", () => {
    const entry = (expires: string) =>
      `exceptions:\n  - checks: [privileged-containers]\n    owner: o\n    reason: r\n    expires: ${expires}\n`;
    const live = report([pod("a", privileged)], entry("2026-06-01"));
    expect(live.suppressed[0]?.suppressed).toMatchObject({
      by: "exception",
      owner: "o",
      expires: "2026-06-01",
    });
    expect(live.diagnostics).toEqual([]);

    const expired = report([pod("a", privileged)], entry("2026-05-31"));
    expect(expired.suppressed).toEqual([]);
    expect(expired.findings[0]?.status).toBe("fail");
    expect(expired.diagnostics).toEqual([
      expect.objectContaining({ code: "exception-expired", line: 2 }),
    ]);
  });
});

describe("runChecks", () => {
  it("turns a throwing control into an error result and runs the others", () => {
    const broken: Check = {
      ...privilegedContainers,
      id: "broken",
      evaluate: () => {
        throw new Error("boom");
      },
    };
    const context = contextOf([pod("a", plain)]);
    const results = runChecks([broken, privilegedContainers], context);
    expect(results.map((r) => [r.checkId, r.status])).toEqual([
      ["broken", "error"],
      ["privileged-containers", "pass"],
    ]);
    expect(results[0]?.message).toContain("boom");
  });
});

describe("unobserved kinds", () => {
  it("turns a control that reads an unobserved kind into one skip naming it, and leaves the rest", () => {
    const needsSecrets: Check = { ...privilegedContainers, id: "needs-secrets", reads: ["Secret"] };
    const context = contextOf([pod("a", plain)]);
    const blind = {
      ...context,
      inventory: { ...context.inventory, unobservedKinds: new Set(["Secret"]) },
    };
    const results = runChecks([needsSecrets, privilegedContainers], blind);
    expect(results.map((r) => [r.checkId, r.status])).toEqual([
      ["needs-secrets", "skip"],
      ["privileged-containers", "pass"],
    ]);
    expect(results[0]?.message).toContain("Secret could not be read");
    // Observed, the same control judges normally.
    expect(runChecks([needsSecrets], context).map((r) => r.status)).toEqual(["pass"]);
  });
});

describe("the order of findings", () => {
  // Names that localeCompare orders unlike code units: case, accents, punctuation, digits.
  const name = fc.stringMatching(/^[aAbBéE0-9._-]{0,4}$/);
  const STATUS_RANK = { fail: 0, error: 1, skip: 2, pass: 3 } as const;
  const SEVERITY_LIST = ["critical", "high", "medium", "low", "info"] as const;

  it("is pillar, status, severity, control, then namespace, kind and name by localeCompare", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            check: fc.constantFrom("a-check", "A-check", "b.check", "é-check"),
            status: fc.constantFrom("pass", "fail", "skip", "error"),
            namespace: fc.option(name, { nil: undefined }),
            kind: fc.constantFrom("Pod", "pod", "Deployment", "ÉKind"),
            name,
          }),
          { maxLength: 40 },
        ),
        (specs) => {
          const checks: Check[] = [...new Set(specs.map((spec) => spec.check))].map((id) => ({
            ...privilegedContainers,
            id,
            severity: SEVERITY_LIST[id.length % SEVERITY_LIST.length] ?? "low",
            evaluate: () => [],
          }));
          const results: Result[] = specs.map((spec) => ({
            checkId: spec.check,
            status: spec.status,
            target: {
              kind: spec.kind,
              name: spec.name,
              ...(spec.namespace === undefined ? {} : { namespace: spec.namespace }),
            },
            message: "m",
          }));
          const { findings } = buildReport({
            checks,
            results,
            inventory: contextOf([]).inventory,
            diagnostics: [],
            exceptions: [],
            files: 0,
            sources: [],
            now: new Date("2026-06-01T00:00:00Z"),
            tool: { name: "tenet", version: "0.0.0" },
          });
          // The reference: a stable sort by the comparator, written out plainly.
          const expected = [...findings].sort(
            (a, b) =>
              STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
              SEVERITY_LIST.indexOf(a.severity) - SEVERITY_LIST.indexOf(b.severity) ||
              a.checkId.localeCompare(b.checkId) ||
              (a.resource.namespace ?? "").localeCompare(b.resource.namespace ?? "") ||
              a.resource.kind.localeCompare(b.resource.kind) ||
              a.resource.name.localeCompare(b.resource.name),
          );
          expect(findings.map((f) => [f.checkId, f.resource])).toEqual(
            expected.map((f) => [f.checkId, f.resource]),
          );
          expect(findings).toHaveLength(results.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
