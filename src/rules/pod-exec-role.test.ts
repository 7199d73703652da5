import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { podExecRole } from "./pod-exec-role.ts";

describe("pod-exec-role", () => {
  it("fires on a role granting pods/exec", () => {
    const role = {
      rules: [{ apiGroups: [""], resources: ["pods", "pods/exec"], verbs: ["create"] }],
    };
    expect(podExecRole.match(write("roles", role))?.evidence).toEqual({ resources: ["pods/exec"] });
  });
  it("stays quiet on a role over pods only", () => {
    const role = { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] };
    expect(podExecRole.match(write("roles", role))).toBeUndefined();
  });
});
