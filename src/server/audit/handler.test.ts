import { describe, expect, it } from "vitest";
import { eventList, quietEvent, rawEvent } from "../../../test/monitor/audit-log.ts";
import type { Alert } from "../../monitor/alert.ts";
import { createMonitor } from "../../monitor/monitor.ts";
import { rules } from "../../rules/index.ts";
import { createMetrics } from "../metrics.ts";
import { answerAudit, type AuditIngestConfig } from "./handler.ts";
import { memoryStore } from "./memory-store.ts";
import { StoreBusyError } from "./store.ts";

function config(overrides: Partial<AuditIngestConfig> = {}) {
  const emitted: Alert[] = [];
  const metrics = createMetrics();
  const base: AuditIngestConfig = {
    store: memoryStore(),
    judge: createMonitor({ rules }),
    emit: (alerts) => emitted.push(...alerts),
    metrics,
    now: () => new Date("2026-06-01T10:00:10.100Z"),
    log: () => undefined,
  };
  return { config: { ...base, ...overrides }, emitted, metrics };
}

async function metric(metrics: ReturnType<typeof createMetrics>, name: string): Promise<string> {
  const text = await metrics.registry.metrics();
  return text
    .split("\n")
    .filter((line) => line.startsWith(name))
    .join("\n");
}

/** As the server calls it: the parsed body and the bytes it came as. */
const post = (body: unknown, setup: AuditIngestConfig) =>
  answerAudit(body, Buffer.from(JSON.stringify(body) ?? ""), setup);

describe("answerAudit", () => {
  it("stores, dedups a retried batch, emits alerts once and counts everything", async () => {
    const { config: setup, emitted, metrics } = config();
    const body = eventList([rawEvent("a"), quietEvent("b"), { kind: "Event" }]);
    expect(await post(body, setup)).toMatchObject({
      status: 200,
      body: { stored: 2, duplicates: 0, rejected: 1, alerts: 1 },
    });
    expect(await post(body, setup)).toMatchObject({
      status: 200,
      body: { stored: 0, duplicates: 2, alerts: 0 },
    });
    expect(emitted.map((alert) => alert.ruleId)).toEqual(["pod-exec"]);
    expect(await metric(metrics, "tenet_audit_events_total")).toBe(
      [
        'tenet_audit_events_total{result="rejected"} 2',
        'tenet_audit_events_total{result="stored"} 2',
        'tenet_audit_events_total{result="duplicate"} 2',
      ].join("\n"),
    );
    expect(await metric(metrics, "tenet_alerts_total{")).toBe(
      'tenet_alerts_total{rule="pod-exec",severity="high"} 1',
    );
    expect(await metric(metrics, "tenet_audit_ingest_lag_seconds ")).toBe(
      "tenet_audit_ingest_lag_seconds 10",
    );
  });

  it("measures the ingest lag from the newest event, whatever the timestamps' formats", async () => {
    const lag = async (times: readonly string[]) => {
      const { config: setup, metrics } = config();
      const items = times.map((time, index) => quietEvent(`e${index}`, time));
      await post(eventList(items), setup);
      return metric(metrics, "tenet_audit_ingest_lag_seconds ");
    };
    // The apiserver's own format, fixed width: the greatest string is the newest.
    expect(await lag(["2026-06-01T10:00:01.000000Z", "2026-06-01T10:00:09.600000Z"])).toBe(
      "tenet_audit_ingest_lag_seconds 0.5",
    );
    // Mixed widths and offsets compare as times, not as strings.
    expect(await lag(["2026-06-01T10:00:09.5Z", "2026-06-01T10:00:05Z"])).toBe(
      "tenet_audit_ingest_lag_seconds 0.6",
    );
    expect(await lag(["2026-06-01T12:00:09+02:00", "2026-06-01T10:00:05.000000Z"])).toBe(
      "tenet_audit_ingest_lag_seconds 1.1",
    );
  });

  it("refuses what is not an audit.k8s.io/v1 EventList with 400", async () => {
    const { config: setup } = config();
    expect(
      await post({ kind: "EventList", apiVersion: "audit.k8s.io/v1beta1", items: [] }, setup),
    ).toMatchObject({ status: 400 });
    expect(await post("text", setup)).toMatchObject({ status: 400 });
  });

  it("answers 503 when the store fails, so that the apiserver retries, and emits nothing", async () => {
    const failing = memoryStore();
    const {
      config: setup,
      emitted,
      metrics,
    } = config({
      store: {
        ...failing,
        ingest: () => Promise.reject(new Error("disk I/O error")),
      },
    });
    expect(await post(eventList([rawEvent("a")]), setup)).toMatchObject({ status: 503 });
    expect(emitted).toEqual([]);
    expect(await metric(metrics, "tenet_store_errors_total{")).toBe(
      'tenet_store_errors_total{operation="ingest"} 1',
    );
  });

  it("answers 429 when the store's queue is full, counted as throttled, not as a store error", async () => {
    const {
      config: setup,
      emitted,
      metrics,
    } = config({
      store: { ...memoryStore(), ingest: () => Promise.reject(new StoreBusyError(100_000)) },
    });
    expect(await post(eventList([rawEvent("a"), quietEvent("b")]), setup)).toMatchObject({
      status: 429,
    });
    expect(emitted).toEqual([]);
    expect(await metric(metrics, "tenet_audit_events_total{")).toBe(
      'tenet_audit_events_total{result="throttled"} 2',
    );
    expect(await metric(metrics, "tenet_store_errors_total{")).toBe("");
  });
});
