import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { clusterAdminBinding } from "./cluster-admin-binding.ts";

const binding = (name: string) => ({
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
  subjects: [{ kind: "User", name: "mallory" }],
});

describe("cluster-admin-binding", () => {
  it("fires on a ClusterRoleBinding to cluster-admin", () => {
    expect(
      clusterAdminBinding.match(write("clusterrolebindings", binding("cluster-admin"))),
    ).toBeDefined();
  });
  it("stays quiet on a binding to view", () => {
    expect(
      clusterAdminBinding.match(write("clusterrolebindings", binding("view"))),
    ).toBeUndefined();
  });
});
