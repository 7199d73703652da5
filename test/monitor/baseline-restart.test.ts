// Baselines survive a restart: `tenet serve` learns a ServiceAccount's behaviour, is killed
// (SIGKILL: nothing is saved on the way out), restarts on the same store, and past the learning
// window alerts only on what the account had not done before the kill.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eventList, rawEvent } from "./audit-log.ts";
import { exited, postAudit, startAuditServer, type RunningServer } from "./audit-server.ts";

const dir = mkdtempSync(join(tmpdir(), "tenet-baseline-restart-"));
const running: RunningServer[] = [];
afterAll(() => {
  for (const server of running) server.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const sa = "system:serviceaccount:shop:api";
const act = (auditID: string, minute: number, verb: string, resource: string) =>
  rawEvent(auditID, {
    verb,
    user: { username: sa, groups: ["system:serviceaccounts"] },
    userAgent: "api/1.0",
    requestURI: `/api/v1/namespaces/shop/${resource}`,
    objectRef: { resource, namespace: "shop", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    stageTimestamp: new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString(),
  });
const flags = ["--retention-days", "36500", "--baseline-learning", "600"];

describe("baselines across a restart of tenet serve", () => {
  it("keeps the learning window and what was learned; alerts only on the new action", async () => {
    const db = join(dir, "audit.db");
    const first = await startAuditServer(dir, db, flags);
    running.push(first);
    const learning = eventList([act("l1", 0, "get", "configmaps"), act("l2", 1, "list", "pods")]);
    expect(await postAudit(first, JSON.stringify(learning))).toBe(200);
    first.child.kill("SIGKILL");
    await exited(first.child);

    const second = await startAuditServer(dir, db, flags);
    running.push(second);
    // Thirty minutes on, past the window: two known actions and one new.
    const later = eventList([
      act("k1", 30, "get", "configmaps"),
      act("k2", 31, "list", "pods"),
      act("n1", 32, "list", "secrets"),
    ]);
    expect(await postAudit(second, JSON.stringify(later))).toBe(200);
    second.child.kill("SIGTERM");
    await exited(second.child);

    const alerts = readFileSync(join(dir, "alerts.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { rule: { id: string }; event: { id: string } })
      .filter((alert) => alert.rule.id.startsWith("baseline-"));
    // Had the window restarted with the process, the new action would have been learned silently.
    expect(alerts.map((alert) => [alert.rule.id, alert.event.id])).toEqual([
      ["baseline-new-action", "n1"],
    ]);
  });
});
