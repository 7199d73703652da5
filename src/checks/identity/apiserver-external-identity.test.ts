import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { apiserverExternalIdentity } from "./apiserver-external-identity.ts";

const flagsFile = (...args: string[]): KubeObject => ({
  apiVersion: "tenet.dev/v1alpha1",
  kind: "KubeApiserverFlags",
  metadata: { name: "apiserver.flags" },
  args,
});
const authn = (jwt: object[]): KubeObject => ({
  apiVersion: "apiserver.config.k8s.io/v1",
  kind: "AuthenticationConfiguration",
  metadata: { name: "authn" },
  jwt,
});
const judge = (...objects: KubeObject[]) =>
  apiserverExternalIdentity.evaluate(contextOf(objects))[0];

describe("apiserver-external-identity", () => {
  it("passes OIDC flags, JWT issuers in the config, or a token webhook", () => {
    expect(judge(flagsFile("--oidc-issuer-url=https://idp.example.com"))?.status).toBe("pass");
    const flag = "--authentication-config=/etc/authn.yaml";
    expect(
      judge(flagsFile(flag), authn([{ issuer: { url: "https://idp.example.com" } }])),
    ).toMatchObject({
      status: "pass",
      evidence: { providers: ["https://idp.example.com"] },
    });
    expect(
      judge(flagsFile("--authentication-token-webhook-config-file=/etc/webhook.yaml"))?.status,
    ).toBe("pass");
  });

  it("fails when none is configured, including a config with no issuers", () => {
    expect(judge(flagsFile("--client-ca-file=/etc/ca.crt"))?.status).toBe("fail");
    expect(judge(flagsFile("--authentication-config=/etc/authn.yaml"), authn([]))?.status).toBe(
      "fail",
    );
  });

  it("skips when the authentication config is named but not given", () => {
    expect(judge(flagsFile("--authentication-config=/etc/authn.yaml"))?.status).toBe("skip");
  });
});
