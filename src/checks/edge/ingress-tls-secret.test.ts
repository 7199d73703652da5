import { describe, expect, it } from "vitest";
import { certificateData } from "../../../test/fixtures/certs/read-certificate.ts";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { ingressTlsSecret } from "./ingress-tls-secret.ts";

function ingress(tls: unknown[], annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "web", namespace: "shop", annotations },
    spec: { tls },
  };
}
function secret(name: string, fields: Record<string, unknown>, namespace = "shop"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace },
    type: "kubernetes.io/tls",
    ...fields,
  };
}
const keyMaterial = Buffer.from("-----BEGIN PRIVATE KEY-----\nNOT-A-REAL-KEY\n").toString("base64");

describe("ingress-tls-secret", () => {
  it("passes when the Secret holds a readable certificate", () => {
    const results = ingressTlsSecret.evaluate(
      contextOf([
        ingress([{ hosts: ["app.example.com"], secretName: "tls" }]),
        secret("tls", { data: { "tls.crt": certificateData("valid"), "tls.key": keyMaterial } }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass"]);
  });

  it("fails a missing Secret, a Secret in another namespace, and a missing secretName", () => {
    const [result] = ingressTlsSecret.evaluate(
      contextOf([
        ingress([{ secretName: "tls" }, { hosts: ["x.example.com"] }]),
        secret("tls", { data: { "tls.crt": certificateData("valid") } }, "other"),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("Secret tls not found");
    expect(result?.message).toContain("tls[1] has no secretName");
  });

  it("fails a Secret whose tls.crt is not a certificate, and one without tls.crt", () => {
    const [invalid] = ingressTlsSecret.evaluate(
      contextOf([
        ingress([{ secretName: "tls" }]),
        secret("tls", { stringData: { "tls.crt": "garbage" } }),
      ]),
    );
    expect(invalid).toMatchObject({
      status: "fail",
      message: "Secret tls: no PEM CERTIFICATE block found",
    });
    const [opaque] = ingressTlsSecret.evaluate(
      contextOf([ingress([{ secretName: "tls" }]), secret("tls", { data: { password: "eA==" } })]),
    );
    expect(opaque).toMatchObject({ status: "fail", message: "Secret tls has no tls.crt" });
  });

  it("skips when the input holds no Secret, or the Secret's data was not loaded", () => {
    expect(
      ingressTlsSecret.evaluate(contextOf([ingress([{ secretName: "tls" }])]))[0]?.status,
    ).toBe("skip");
    expect(
      ingressTlsSecret.evaluate(contextOf([ingress([{ secretName: "tls" }]), secret("tls", {})]))[0]
        ?.status,
    ).toBe("skip");
  });

  it("skips a missing Secret that cert-manager will issue", () => {
    const [result] = ingressTlsSecret.evaluate(
      contextOf([
        ingress([{ secretName: "tls" }], { "cert-manager.io/cluster-issuer": "letsencrypt" }),
        secret("unrelated", { data: {} }),
      ]),
    );
    expect(result?.status).toBe("skip");
  });

  it("never copies Secret data into results", () => {
    const results = ingressTlsSecret.evaluate(
      contextOf([
        ingress([{ secretName: "tls" }]),
        secret("tls", { data: { "tls.crt": certificateData("valid"), "tls.key": keyMaterial } }),
      ]),
    );
    const text = JSON.stringify(results);
    expect(text).not.toContain(keyMaterial);
    expect(text).not.toContain(certificateData("valid").slice(0, 40));
  });

  it("returns nothing for an Ingress without TLS", () => {
    expect(ingressTlsSecret.evaluate(contextOf([ingress([])]))).toEqual([]);
  });
});
