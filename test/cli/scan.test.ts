import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PILLARS } from "../../src/model/check-meta.ts";
import type { ScanReport } from "../../src/model/report.ts";
import { runCli } from "../helpers/cli.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const demo = "examples/demo";

async function scratch(files: Record<string, string>): Promise<string> {
  const dir = await makeTempDir("tenet-scan-");
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const privilegedPod = `apiVersion: v1
kind: Pod
metadata: { name: root, namespace: shop }
spec:
  containers: [{ name: c, image: x, securityContext: { privileged: true } }]
`;

describe("tenet scan", () => {
  it("reports findings in every pillar of the demo and exits 1 on high findings", async () => {
    const run = await runCli(["scan", demo, "-o", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.complete).toBe(true);
    const failingPillars = new Set(
      report.findings.filter((f) => f.status === "fail").map((f) => f.pillar),
    );
    expect([...failingPillars].sort()).toEqual([...PILLARS].sort());
  });

  it("exits 0 with --fail-on none, and prints the HTML report path", async () => {
    const dir = await scratch({});
    const html = join(dir, "report.html");
    const run = await runCli(["scan", demo, "--fail-on", "none", "--html-report", html]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`HTML report: ${html}`);
    expect(run.stdout).toContain("identity");
  });

  it("reads stdin with -", async () => {
    const run = await runCli(["scan", "-", "-o", "json", "--fail-on", "critical"], {
      stdin: privilegedPod,
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.findings).toContainEqual(
      expect.objectContaining({ checkId: "privileged-containers", status: "fail" }),
    );
  });

  it("scans every other file when one is malformed, exits 2 and says the report is incomplete", async () => {
    const dir = await scratch({
      "bad.yaml": "kind: Pod\nmetadata: [\n",
      "good.yaml": privilegedPod,
    });
    const run = await runCli(["scan", dir, "-o", "json", "--fail-on", "none"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.complete).toBe(false);
    expect(report.diagnostics[0]?.file).toContain("bad.yaml");
    expect(report.findings.some((f) => f.resource.name === "root")).toBe(true);
    expect(run.stderr).toMatch(/bad\.yaml:\d+:\d+/);
  });

  it("rejects an unknown format, severity or control with exit 2", async () => {
    expect((await runCli(["scan", demo, "-o", "xml"])).code).toBe(2);
    expect((await runCli(["scan", demo, "--fail-on", "urgent"])).code).toBe(2);
    const unknown = await runCli(["scan", demo, "--check", "no-such-control"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no-such-control");
    expect((await runCli(["scan"])).code).toBe(2);
  });

  it("suppresses through the exceptions file until it expires", async () => {
    const dir = await scratch({
      "pod.yaml": privilegedPod,
      "exceptions.yaml": `exceptions:\n  - checks: [privileged-containers]\n    owner: a@example.com\n    reason: test\n    expires: 2026-06-30\n`,
    });
    const args = ["scan", join(dir, "pod.yaml"), "-o", "json", "--check", "privileged-containers"];
    const live = await runCli([...args, "--exceptions", join(dir, "exceptions.yaml")]);
    expect(live.code).toBe(0);
    const expired = await runCli([
      ...args,
      "--exceptions",
      join(dir, "exceptions.yaml"),
      "--now",
      "2026-07-01",
    ]);
    expect(expired.code).toBe(1);
    expect((JSON.parse(expired.stdout) as ScanReport).diagnostics[0]?.code).toBe(
      "exception-expired",
    );
  });
});
