import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { allAuthenticatedGrants } from "./all-authenticated-grants.ts";

const binding = (name: string, role: string, groups: string[]): KubeObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects: groups.map((group) => ({
    kind: "Group",
    name: group,
    apiGroup: "rbac.authorization.k8s.io",
  })),
});
const judge = (object: KubeObject) => allAuthenticatedGrants.evaluate(contextOf([object]))[0];

describe("all-authenticated-grants", () => {
  it("fails grants to every authenticated user or every ServiceAccount as high", () => {
    expect(judge(binding("x", "edit", ["system:authenticated"]))).toMatchObject({
      status: "fail",
      severity: "high",
    });
    expect(judge(binding("x", "view", ["system:serviceaccounts"]))).toMatchObject({
      status: "fail",
      severity: "high",
    });
  });

  it("fails a grant to every ServiceAccount of one namespace as medium", () => {
    expect(judge(binding("x", "view", ["system:serviceaccounts:shop"]))).toMatchObject({
      status: "fail",
      severity: "medium",
    });
  });

  it("excuses Kubernetes' own discovery grants and passes named groups", () => {
    expect(
      judge(binding("system:discovery", "system:discovery", ["system:authenticated"]))?.status,
    ).toBe("pass");
    expect(
      judge(
        binding(
          "system:service-account-issuer-discovery",
          "system:service-account-issuer-discovery",
          ["system:serviceaccounts"],
        ),
      )?.status,
    ).toBe("pass");
    expect(judge(binding("x", "view", ["team-a"]))?.status).toBe("pass");
  });

  it("does not excuse the default binding's name with an extra broad subject", () => {
    expect(
      judge(
        binding("system:basic-user", "system:basic-user", [
          "system:authenticated",
          "system:serviceaccounts",
        ]),
      ),
    ).toMatchObject({
      status: "fail",
      evidence: { subjects: ["Group system:serviceaccounts"] },
    });
  });
});
