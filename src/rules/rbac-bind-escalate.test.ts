import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { rbacBindEscalate } from "./rbac-bind-escalate.ts";

describe("rbac-bind-escalate", () => {
  it("fires on a role granting escalate and bind", () => {
    const role = {
      rules: [
        {
          apiGroups: ["rbac.authorization.k8s.io"],
          resources: ["clusterroles"],
          verbs: ["escalate", "bind", "get"],
        },
      ],
    };
    expect(rbacBindEscalate.match(write("clusterroles", role))?.evidence).toEqual({
      verbs: ["bind", "escalate"],
    });
  });
  it("stays quiet on a read-only role", () => {
    const role = { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] };
    expect(rbacBindEscalate.match(write("roles", role))).toBeUndefined();
  });
});
