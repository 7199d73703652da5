import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createMetrics } from "../../src/server/metrics.ts";

const folder = join(import.meta.dirname, "../../deploy/monitoring");

/** Runs promtool (Debian package `prometheus`; CI installs it): a missing binary fails, never skips. */
function promtool(...args: string[]): string {
  return execFileSync("promtool", args, {
    cwd: folder,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Metric names an expression reads: identifiers before `{`, `[` or `)` that start with tenet_ or up. */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b(tenet_[a-z_]+|up)\b(?=\s*[{[)])/g)].map((match) => match[1] ?? "");
}

async function exportedNames(): Promise<Set<string>> {
  const metrics = createMetrics();
  const names = new Set<string>(["up"]);
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (metric.type.toString() === "histogram")
      for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${metric.name}${suffix}`);
  }
  return names;
}

describe("deploy/monitoring", () => {
  it("passes promtool check rules and promtool test rules", () => {
    expect(promtool("check", "rules", "prometheus-rules.yaml")).toContain("SUCCESS: 9 rules found");
    expect(promtool("test", "rules", "rules.test.yaml")).toContain("SUCCESS");
  });

  it("reads only metrics Tenet exports, in the rules and in the dashboard", async () => {
    const names = await exportedNames();
    const rules = parse(readFileSync(join(folder, "prometheus-rules.yaml"), "utf8")) as {
      groups: { rules: { expr: string }[] }[];
    };
    const dashboard = JSON.parse(readFileSync(join(folder, "grafana-dashboard.json"), "utf8")) as {
      panels: { targets: { expr: string }[] }[];
    };
    const exprs = [
      ...rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr)),
      ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
    ];
    const read = new Set(exprs.flatMap(metricsIn));
    expect([...read].filter((name) => !names.has(name))).toEqual([]);
    for (const name of [
      "tenet_audit_events_total",
      "tenet_alerts_total",
      "tenet_audit_ingest_lag_seconds",
      "tenet_store_errors_total",
    ])
      expect(read).toContain(name);
  });
});
