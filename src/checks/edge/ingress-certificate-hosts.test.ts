import { describe, expect, it } from "vitest";
import { certificateData } from "../../../test/fixtures/certs/read-certificate.ts";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { ingressCertificateHosts } from "./ingress-certificate-hosts.ts";

function evaluate(cert: string, hosts: string[]) {
  return ingressCertificateHosts.evaluate(
    contextOf([
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "web", namespace: "shop" },
        spec: { tls: [{ hosts, secretName: "tls" }] },
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

describe("ingress-certificate-hosts", () => {
  it("passes hosts named by the certificate's SANs", () => {
    expect(evaluate("valid", ["app.example.com", "WWW.example.com"])[0]?.status).toBe("pass");
  });

  it("fails a host the certificate does not name, listing the names it has", () => {
    const [result] = evaluate("valid", ["app.example.com", "api.example.com"]);
    expect(result).toMatchObject({
      status: "fail",
      message:
        "api.example.com not covered by Secret tls (names: app.example.com, www.example.com)",
    });
  });

  it("applies the one-label wildcard rule", () => {
    expect(evaluate("wildcard", ["a.example.com", "*.example.com"])[0]?.status).toBe("pass");
    expect(evaluate("wildcard", ["a.b.example.com"])[0]?.status).toBe("fail");
    expect(evaluate("wildcard", ["example.com"])[0]?.status).toBe("fail");
  });

  it("falls back to the CN when the certificate has no SAN", () => {
    expect(evaluate("cn-only", ["legacy.example.com"])[0]?.status).toBe("pass");
  });

  it("has nothing to judge for a TLS entry without hosts", () => {
    expect(evaluate("valid", [])).toEqual([]);
  });
});
