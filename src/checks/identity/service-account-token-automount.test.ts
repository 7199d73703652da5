import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { serviceAccountTokenAutomount } from "./service-account-token-automount.ts";

const account = (name: string, automount?: boolean): KubeObject => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name, namespace: "shop" },
  ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
});
const bindingTo = (name: string, namespace?: string): KubeObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: "b", namespace: "shop" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
  subjects: [{ kind: "ServiceAccount", name, ...(namespace === undefined ? {} : { namespace }) }],
});
const judge = (spec: Record<string, unknown>, ...objects: KubeObject[]) =>
  serviceAccountTokenAutomount.evaluate(contextOf([pod("web", spec, "shop"), ...objects]))[0];

describe("service-account-token-automount", () => {
  it("passes when disabled on the pod, even if the account enables it", () => {
    expect(
      judge(
        { serviceAccountName: "web", automountServiceAccountToken: false },
        account("web", true),
      )?.status,
    ).toBe("pass");
  });

  it("passes when disabled on the ServiceAccount and the pod says nothing", () => {
    expect(judge({ serviceAccountName: "web" }, account("web", false))?.message).toContain(
      "disabled on ServiceAccount",
    );
  });

  it("lets the pod's true override the account's false", () => {
    expect(
      judge(
        { serviceAccountName: "web", automountServiceAccountToken: true },
        account("web", false),
      ),
    ).toMatchObject({
      status: "fail",
      evidence: { automountOn: "pod" },
    });
  });

  it("fails the default account, which exists everywhere with automount on", () => {
    expect(judge({})).toMatchObject({
      status: "fail",
      evidence: { serviceAccount: "shop/default" },
    });
  });

  it("passes a mounted token whose account a RoleBinding names (namespace from the binding)", () => {
    expect(judge({ serviceAccountName: "web" }, account("web"), bindingTo("web"))?.status).toBe(
      "pass",
    );
    expect(
      judge({ serviceAccountName: "web" }, account("web"), bindingTo("web", "other"))?.status,
    ).toBe("fail");
  });

  it("skips when the named account is not in the input", () => {
    expect(judge({ serviceAccountName: "ghost" })).toMatchObject({ status: "skip" });
  });
});
