import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { podExec } from "./pod-exec.ts";

describe("pod-exec", () => {
  const exec = (code: number) =>
    auditEvent({
      verb: "create",
      objectRef: { resource: "pods", subresource: "exec", namespace: "shop", name: "web" },
      requestURI:
        "/api/v1/namespaces/shop/pods/web/exec?command=sh&command=-c&command=id&stdin=true",
      responseCode: code,
    });
  it("fires on an allowed exec and names the command", () => {
    const hit = podExec.match(exec(101));
    expect(hit?.message).toBe("alice ran exec in pod shop/web");
    expect(hit?.evidence).toEqual({ subresource: "exec", command: ["sh", "-c", "id"] });
  });
  it("stays quiet when the exec was refused", () => {
    expect(podExec.match(exec(403))).toBeUndefined();
  });
});

describe("pod-exec authorization", () => {
  it("fires on an authorized exec that failed later (the pod was not running)", () => {
    const event = auditEvent({
      verb: "create",
      objectRef: { resource: "pods", subresource: "exec", namespace: "shop", name: "web" },
      responseCode: 400,
      annotations: { "authorization.k8s.io/decision": "allow" },
    });
    expect(podExec.match(event)).toBeDefined();
    expect(
      podExec.match({ ...event, annotations: { "authorization.k8s.io/decision": "forbid" } }),
    ).toBeUndefined();
  });
});
