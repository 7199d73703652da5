import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { rules } from "../rules/index.ts";
import { createRuleEngine } from "./engine.ts";

const exec = {
  verb: "create",
  objectRef: { resource: "pods", subresource: "exec", namespace: "shop", name: "web" },
} as const;

describe("createRuleEngine", () => {
  it("judges a request once, on its first answered stage", () => {
    const engine = createRuleEngine(rules);
    const stages = ["RequestReceived", "ResponseStarted", "ResponseComplete"] as const;
    const alerts = stages.flatMap((stage) =>
      engine.evaluate(auditEvent({ ...exec, auditID: "x1", stage, responseCode: 101 })),
    );
    expect(alerts.map((alert) => [alert.ruleId, alert.auditID])).toEqual([["pod-exec", "x1"]]);
  });

  it("tells apart requests that share an audit ID, which clients may choose", () => {
    const engine = createRuleEngine(rules);
    const received = (second: number) => `2026-06-01T10:00:0${second}.000000Z`;
    // A long-running request starts under ID "x3"...
    const watch = auditEvent({
      auditID: "x3",
      stage: "ResponseStarted",
      verb: "watch",
      objectRef: { resource: "pods", namespace: "shop" },
      requestReceivedTimestamp: received(1),
    });
    expect(engine.evaluate(watch)).toEqual([]);
    // ...and an exec that reuses it is still judged on its ResponseComplete.
    const reused = auditEvent({ ...exec, auditID: "x3", requestReceivedTimestamp: received(2) });
    expect(engine.evaluate(reused).map((alert) => alert.ruleId)).toEqual(["pod-exec"]);
    // The watch's own completion is still not judged twice.
    expect(engine.evaluate({ ...watch, stage: "ResponseComplete" })).toEqual([]);
  });

  it("fills the alert from the event and the rule", () => {
    const [alert] = createRuleEngine(rules).evaluate(auditEvent({ ...exec, auditID: "x2" }));
    expect(alert).toMatchObject({
      ruleId: "pod-exec",
      severity: "high",
      techniques: ["T1609"],
      user: "alice",
      sourceIP: "10.0.0.7",
      objectRef: exec.objectRef,
      timestamp: "2026-06-01T10:00:00.100000Z",
    });
  });

  it("alerts on a burst of refusals only at the threshold, once per window, by event time", () => {
    const engine = createRuleEngine(rules);
    const refusal = (second: number, username = "mallory") =>
      auditEvent({
        username,
        responseCode: 403,
        stageTimestamp: new Date(Date.UTC(2026, 5, 1, 10, 0, second)).toISOString(),
      });
    const fired = Array.from({ length: 45 }, (_, second) =>
      engine.evaluate(refusal(second)).some((alert) => alert.ruleId === "auth-failure-burst"),
    );
    expect(fired.flatMap((hit, index) => (hit ? [index] : []))).toEqual([19]);
    // Other identities have their own count.
    expect(engine.evaluate(refusal(46, "bob")).length).toBe(0);
  });

  it("stays quiet on ordinary activity", () => {
    const engine = createRuleEngine(rules);
    const ordinary = [
      auditEvent({ verb: "get", objectRef: { resource: "pods", namespace: "shop", name: "web" } }),
      auditEvent({ verb: "list", objectRef: { resource: "configmaps", namespace: "shop" } }),
      auditEvent({
        verb: "create",
        objectRef: { resource: "deployments", namespace: "shop", name: "api" },
        requestObject: {
          spec: { template: { spec: { containers: [{ name: "api", image: "api:1" }] } } },
        },
      }),
      auditEvent({
        username: "system:kube-scheduler",
        verb: "create",
        objectRef: { resource: "pods", subresource: "binding", namespace: "shop", name: "web" },
      }),
    ];
    expect(ordinary.flatMap((event) => engine.evaluate(event))).toEqual([]);
  });
});
