import { describe, expect, it } from "vitest";
import { certificateData } from "../../../test/fixtures/certs/read-certificate.ts";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { ingressCertificateKey } from "./ingress-certificate-key.ts";

function evaluate(cert: string) {
  return ingressCertificateKey.evaluate(
    contextOf([
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "web", namespace: "shop" },
        spec: { tls: [{ secretName: "tls" }] },
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "tls", namespace: "shop" },
        data: { "tls.crt": certificateData(cert) },
      },
    ]),
  );
}

describe("ingress-certificate-key", () => {
  it.each(["valid", "ec-p256"])("passes %s", (cert) => {
    expect(evaluate(cert)[0]?.status).toBe("pass");
  });

  it("fails an RSA 1024 key and says why", () => {
    const [result] = evaluate("weak-rsa");
    expect(result).toMatchObject({
      status: "fail",
      message: "Secret tls: RSA 1024, 1024 bits is below the minimum of 2048",
    });
  });

  it("fails an EC key on a 224-bit curve", () => {
    const [result] = evaluate("weak-ec");
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual({ keys: [{ secret: "tls", key: "EC secp224r1 (224 bits)" }] });
  });
});
