import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { rules } from "../rules/index.ts";
import { createRuleEngine } from "./engine.ts";
import { ecsLine, toEcs } from "./ecs.ts";

describe("toEcs", () => {
  it("writes the ECS fields Filebeat and Elastic expect, with the object reference", () => {
    const [alert] = createRuleEngine(rules).evaluate(
      auditEvent({
        verb: "get",
        objectRef: { resource: "secrets", namespace: "shop", name: "db", apiVersion: "v1" },
      }),
    );
    if (alert === undefined) throw new Error("expected an alert");
    const document = toEcs(alert);
    expect(document).toMatchObject({
      "@timestamp": "2026-06-01T10:00:00.100000Z",
      event: { kind: "alert", severity: 47 },
      rule: { id: "secret-read-by-user", name: "Secret read by a person rather than a workload" },
      threat: { framework: "MITRE ATT&CK", technique: { id: ["T1552.007"] } },
      user: { name: "alice" },
      source: { ip: "10.0.0.7" },
      orchestrator: {
        type: "kubernetes",
        namespace: "shop",
        api_version: "v1",
        resource: { type: "secrets", name: "db" },
      },
    });
    expect(ecsLine(alert).endsWith("}\n")).toBe(true);
    expect(JSON.parse(ecsLine(alert))).toEqual(document);
  });
});
