import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { apiserverAuthorizationMode } from "./apiserver-authorization-mode.ts";

const flagsFile = (...args: string[]): KubeObject => ({
  apiVersion: "tenet.dev/v1alpha1",
  kind: "KubeApiserverFlags",
  metadata: { name: "apiserver.flags" },
  args,
});
const judge = (...objects: KubeObject[]) =>
  apiserverAuthorizationMode.evaluate(contextOf(objects))[0];

describe("apiserver-authorization-mode", () => {
  it("passes Node,RBAC", () => {
    expect(judge(flagsFile("--authorization-mode=Node,RBAC"))?.status).toBe("pass");
  });

  it("fails the default, AlwaysAllow, as critical", () => {
    expect(judge(flagsFile())).toMatchObject({
      status: "fail",
      severity: "critical",
      evidence: { modes: ["AlwaysAllow"] },
    });
  });

  it("fails AlwaysAllow appended by a repeated flag, even after RBAC", () => {
    expect(
      judge(flagsFile("--authorization-mode=Node,RBAC", "--authorization-mode=AlwaysAllow")),
    ).toMatchObject({
      status: "fail",
      severity: "critical",
    });
  });

  it("fails RBAC without Node as medium", () => {
    expect(judge(flagsFile("--authorization-mode=RBAC"))).toMatchObject({
      status: "fail",
      severity: "medium",
    });
  });

  it("reads an AuthorizationConfiguration, and skips when it is named but not given", () => {
    const config: KubeObject = {
      apiVersion: "apiserver.config.k8s.io/v1",
      kind: "AuthorizationConfiguration",
      metadata: { name: "authz" },
      authorizers: [
        { type: "Node", name: "node" },
        { type: "RBAC", name: "rbac" },
      ],
    };
    const flag = "--authorization-config=/etc/kubernetes/authz.yaml";
    expect(judge(flagsFile(flag), config)?.status).toBe("pass");
    expect(judge(flagsFile(flag))?.status).toBe("skip");
  });
});
