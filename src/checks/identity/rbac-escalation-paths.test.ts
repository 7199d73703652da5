import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import {
  clusterRole,
  clusterRoleBinding,
  role,
  roleBinding,
  sa,
  user,
} from "../../../test/fixtures/rbac/objects.ts";
import { rbacEscalationPaths } from "./rbac-escalation-paths.ts";

describe("rbac-escalation-paths", () => {
  it("fails a subject that can mint tokens and passes a read-only one", () => {
    const results = rbacEscalationPaths.evaluate(
      contextOf([
        role("app", "minter", [
          { verbs: ["create"], apiGroups: [""], resources: ["serviceaccounts/token"] },
        ]),
        roleBinding("app", "ci-minter", { kind: "Role", name: "minter" }, [sa("", "ci")]),
        clusterRole("viewer", [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] }]),
        clusterRoleBinding("alice-view", { kind: "ClusterRole", name: "viewer" }, [user("alice")]),
      ]),
    );
    const byName = Object.fromEntries(results.map((r) => [r.target.name, r]));
    expect(byName["alice"]?.status).toBe("pass");
    expect(byName["ci"]).toMatchObject({
      status: "fail",
      severity: "high",
      target: { kind: "ServiceAccount", namespace: "app" },
    });
    expect(byName["ci"]?.message).toBe("Can reach act-as-any-sa:app via serviceaccount-token");
  });

  it("does not count a held grant as an escalation", () => {
    const results = rbacEscalationPaths.evaluate(
      contextOf([
        clusterRole("all", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]),
        clusterRoleBinding("admin", { kind: "ClusterRole", name: "all" }, [user("root")]),
      ]),
    );
    expect(results.map((r) => r.status)).toEqual(["pass"]);
  });
});
