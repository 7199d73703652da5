import { describe, expect, it } from "vitest";
import {
  clusterRoleBinding,
  roleBinding,
  type SubjectSpec,
} from "../../../test/fixtures/rbac/objects.ts";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { anonymousGrants } from "./anonymous-grants.ts";

// A binding to a role of its own scope: a ClusterRole cluster-wide, a Role in a namespace.
const binding = (name: string, role: string, subjects: SubjectSpec[], namespace?: string) =>
  namespace === undefined
    ? clusterRoleBinding(name, { kind: "ClusterRole", name: role }, subjects)
    : roleBinding(namespace, name, { kind: "Role", name: role }, subjects);
const statuses = (...objects: KubeObject[]) =>
  anonymousGrants.evaluate(contextOf(objects)).map((result) => result.status);

describe("anonymous-grants", () => {
  it("fails grants to the anonymous user and the unauthenticated group", () => {
    expect(
      statuses(
        binding("a", "view", [{ kind: "User", name: "system:anonymous" }]),
        binding("b", "view", [{ kind: "Group", name: "system:unauthenticated" }]),
      ),
    ).toEqual(["fail", "fail"]);
  });

  it("does not confuse kinds: a Group named system:anonymous matches nobody", () => {
    expect(statuses(binding("a", "view", [{ kind: "Group", name: "system:anonymous" }]))).toEqual([
      "pass",
    ]);
  });

  it("excuses the exact bootstrap and kubeadm grants", () => {
    expect(
      statuses(
        binding("system:public-info-viewer", "system:public-info-viewer", [
          { kind: "Group", name: "system:authenticated" },
          { kind: "Group", name: "system:unauthenticated" },
        ]),
        binding(
          "kubeadm:bootstrap-signer-clusterinfo",
          "kubeadm:bootstrap-signer-clusterinfo",
          [{ kind: "User", name: "system:anonymous" }],
          "kube-public",
        ),
      ),
    ).toEqual(["pass", "pass"]);
  });

  it("fails the bootstrap binding name pointed at another role", () => {
    const [result] = anonymousGrants.evaluate(
      contextOf([
        binding("system:public-info-viewer", "cluster-admin", [
          { kind: "Group", name: "system:unauthenticated" },
        ]),
      ]),
    );
    expect(result).toMatchObject({
      status: "fail",
      evidence: { role: "ClusterRole/cluster-admin" },
    });
  });
});
