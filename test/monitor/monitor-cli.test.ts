import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { quietEvent, rawEvent } from "./audit-log.ts";

const folders: string[] = [];
function folder(): string {
  const made = mkdtempSync(join(tmpdir(), "tenet-monitor-"));
  folders.push(made);
  return made;
}
afterEach(() => {
  for (const made of folders.splice(0)) rmSync(made, { recursive: true, force: true });
});

const lines = (...items: unknown[]): string =>
  items.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join("\n");

describe("tenet monitor and tenet alerts", () => {
  it("reads stdin, prints ECS alerts and reports each bad line with its number", async () => {
    const run = await runCli(["monitor"], {
      stdin: lines(
        rawEvent("a"),
        "garbage",
        quietEvent("b"),
        rawEvent("c", { apiVersion: "audit.k8s.io/v1beta1" }),
        '{"auditID":',
      ),
    });
    expect(run.code).toBe(0);
    const alerts = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(alerts.map((alert) => alert["rule"])).toEqual([
      {
        id: "pod-exec",
        name: "Command run in or attached to a running container",
        ruleset: "tenet",
      },
    ]);
    expect(run.stderr).toContain("<stdin>:2: not JSON");
    expect(run.stderr).toContain("<stdin>:4: unsupported apiVersion audit.k8s.io/v1beta1");
    expect(run.stderr).toContain("<stdin>:5: not JSON");
    expect(run.stderr).toContain("5 lines: 2 events judged, 0 duplicates, 3 rejected, 1 alerts");
  });

  it("resumes from its checkpoint, stores each event once and answers `tenet alerts`", async () => {
    const dir = folder();
    const log = join(dir, "audit.log");
    const db = join(dir, "audit.db");
    const common = [
      "monitor",
      "--audit-log",
      log,
      "--checkpoint",
      join(dir, "cp.json"),
      "--db",
      db,
      "--alerts-file",
      join(dir, "alerts.jsonl"),
    ];
    writeFileSync(log, `${lines(rawEvent("a"), quietEvent("b"))}\n`);
    expect((await runCli(common)).stderr).toContain("2 lines: 2 events judged");
    writeFileSync(
      log,
      `${lines(rawEvent("a"), quietEvent("b"), rawEvent("c", { verb: "list", objectRef: { resource: "secrets" }, responseStatus: { code: 200 } }))}\n`,
    );
    expect((await runCli(common)).stderr).toContain("1 lines: 1 events judged");
    const written = readFileSync(join(dir, "alerts.jsonl"), "utf8").trim().split("\n");
    expect(written).toHaveLength(2);
    const query = await runCli(["alerts", "--db", db, "--severity", "high", "-o", "ecs"]);
    expect(
      query.stdout
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { rule: { id: string } }).rule.id),
    ).toEqual(["secrets-list-watch", "pod-exec"]);
    const missing = await runCli(["alerts", "--db", join(dir, "nope.db")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.db");
  });

  it("refuses a bad trusted network or --follow on stdin with a usage error", async () => {
    expect((await runCli(["monitor", "--trusted-network", "10.0.0.0/40"])).code).toBe(2);
    expect((await runCli(["monitor", "--follow"])).code).toBe(2);
  });
});
