import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { auditEvent } from "../../../test/monitor/events.ts";
import { createMonitor } from "../../monitor/monitor.ts";
import { rules } from "../../rules/index.ts";
import { streamSink, webhookSink } from "./sinks.ts";

const { alerts } = createMonitor({ rules })([
  auditEvent({
    verb: "create",
    objectRef: { resource: "pods", subresource: "exec", namespace: "shop", name: "web" },
  }),
]);

describe("alert sinks", () => {
  it("writes one ECS line per alert to a stream", () => {
    const stream = new PassThrough();
    streamSink(stream)(alerts);
    const text = String(stream.read());
    expect(text.split("\n").filter((line) => line !== "")).toHaveLength(1);
    expect(JSON.parse(text)).toMatchObject({ event: { kind: "alert" }, rule: { id: "pod-exec" } });
  });

  it("retries a refused or failed delivery, then delivers once", async () => {
    const calls: string[] = [];
    const answers = [
      () => Promise.reject(new Error("ECONNREFUSED")),
      () => Promise.resolve(new Response("", { status: 502 })),
      () => Promise.resolve(new Response("", { status: 200 })),
    ];
    const log: unknown[] = [];
    const webhook = webhookSink({
      url: "https://siem.example/hook",
      firstDelayMs: 0,
      log: (entry) => log.push(entry),
      fetch: (_url, init) => {
        calls.push(typeof init?.body === "string" ? init.body : "");
        const next = answers.shift();
        if (next === undefined) throw new Error("called too often");
        return next();
      },
    });
    webhook.sink(alerts);
    await webhook.flush();
    expect(calls).toHaveLength(3);
    expect(
      (JSON.parse(calls[2] ?? "[]") as { rule: { id: string } }[]).map((doc) => doc.rule.id),
    ).toEqual(["pod-exec"]);
    expect(log).toHaveLength(2);
  });

  it("gives up after the last attempt and says so", async () => {
    const log: { msg?: unknown }[] = [];
    let calls = 0;
    const webhook = webhookSink({
      url: "https://siem.example/hook",
      attempts: 3,
      firstDelayMs: 0,
      log: (entry) => log.push(entry),
      fetch: () => {
        calls += 1;
        return Promise.resolve(new Response("", { status: 500 }));
      },
    });
    webhook.sink(alerts);
    await webhook.flush();
    expect(calls).toBe(3);
    expect(log.at(-1)?.msg).toBe("alert webhook gave up");
  });
});
