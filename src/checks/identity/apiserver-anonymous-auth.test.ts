import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { apiserverAnonymousAuth } from "./apiserver-anonymous-auth.ts";

const apiserver = (...flags: string[]): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "kube-apiserver-cp1", namespace: "kube-system" },
  spec: { containers: [{ name: "kube-apiserver", command: ["kube-apiserver", ...flags] }] },
});
const authn = (anonymous: object): KubeObject => ({
  apiVersion: "apiserver.config.k8s.io/v1",
  kind: "AuthenticationConfiguration",
  metadata: { name: "authn" },
  anonymous,
});
const RBAC = "--authorization-mode=Node,RBAC";
const judge = (...objects: KubeObject[]) => apiserverAnonymousAuth.evaluate(contextOf(objects))[0];

describe("apiserver-anonymous-auth", () => {
  it("fails by default: --anonymous-auth defaults to true", () => {
    const result = judge(apiserver("--authorization-mode=Node,RBAC"));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("defaults to true");
  });

  it("follows the last occurrence of the flag", () => {
    expect(judge(apiserver(RBAC, "--anonymous-auth=true", "--anonymous-auth=false"))?.status).toBe(
      "pass",
    );
    expect(judge(apiserver(RBAC, "--anonymous-auth=false", "--anonymous-auth"))?.status).toBe(
      "fail",
    );
  });

  it("reads the AuthenticationConfiguration: health paths only pass, anything else fails", () => {
    const flag = "--authentication-config=/etc/kubernetes/authn.yaml";
    expect(
      judge(
        apiserver(flag),
        authn({ enabled: true, conditions: [{ path: "/livez" }, { path: "/readyz" }] }),
      )?.status,
    ).toBe("pass");
    expect(judge(apiserver(flag), authn({ enabled: false }))?.status).toBe("pass");
    expect(
      judge(
        apiserver(flag),
        authn({ enabled: true, conditions: [{ path: "/livez" }, { path: "/api" }] }),
      ),
    ).toMatchObject({
      status: "fail",
      evidence: { paths: ["/api"] },
    });
    expect(judge(apiserver(flag), authn({ enabled: true }))?.message).toContain("every path");
  });

  it("skips when the authentication config is named but not given", () => {
    expect(judge(apiserver("--authentication-config=/etc/kubernetes/authn.yaml"))?.status).toBe(
      "skip",
    );
  });

  it("skips, never passes, when no apiserver was observed", () => {
    expect(judge()).toMatchObject({ status: "skip", target: { kind: "KubeApiserver" } });
  });

  it("fails a value that is not a boolean", () => {
    expect(judge(apiserver("--anonymous-auth=maybe"))?.message).toContain("not a boolean");
  });

  it("passes when AlwaysAllow (also the default mode) makes the apiserver reset anonymous auth", () => {
    expect(
      judge(apiserver("--anonymous-auth=true", "--authorization-mode=AlwaysAllow"))?.message,
    ).toContain("reset to false");
    expect(judge(apiserver())?.status).toBe("pass");
    expect(judge(apiserver(RBAC, "--authorization-mode=AlwaysAllow"))?.status).toBe("pass");
  });

  it("does not apply the reset when authorizers come from an AuthorizationConfiguration", () => {
    expect(judge(apiserver("--authorization-config=/etc/authz.yaml"))?.status).toBe("fail");
  });
});
