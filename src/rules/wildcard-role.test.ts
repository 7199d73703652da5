import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { wildcardRole } from "./wildcard-role.ts";

describe("wildcard-role", () => {
  it("fires on a ClusterRole with verbs *", () => {
    const role = { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }] };
    expect(wildcardRole.match(write("clusterroles", role))?.evidence).toEqual({ rules: 1 });
  });
  it("stays quiet on a role with listed verbs", () => {
    const role = { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] };
    expect(wildcardRole.match(write("roles", role))).toBeUndefined();
  });
});
