import { describe, expect, it } from "vitest";
import { certificateData } from "../../../test/fixtures/certs/read-certificate.ts";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { gatewayCertificates } from "./gateway-certificates.ts";

const V1 = "gateway.networking.k8s.io/v1";
function gateway(listeners: unknown[]): KubeObject {
  return {
    apiVersion: V1,
    kind: "Gateway",
    metadata: { name: "gw", namespace: "edge" },
    spec: { listeners },
  };
}
const https = (
  hostname: string | undefined,
  secret: string,
  extra: Record<string, unknown> = {},
) => ({
  name: "https",
  protocol: "HTTPS",
  port: 443,
  ...(hostname === undefined ? {} : { hostname }),
  tls: { mode: "Terminate", certificateRefs: [{ name: secret, ...extra }] },
});
const secret = (cert: string, namespace = "edge"): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: cert, namespace },
  data: { "tls.crt": certificateData(cert) },
});
const evaluate = (...objects: KubeObject[]) => gatewayCertificates.evaluate(contextOf(objects));

describe("gateway-certificates", () => {
  it("passes a valid, strong certificate that names the listener host", () => {
    expect(evaluate(gateway([https("app.example.com", "valid")]), secret("valid"))[0]?.status).toBe(
      "pass",
    );
  });

  it("fails expired, weak and mismatched certificates, naming listener and Secret", () => {
    expect(evaluate(gateway([https(undefined, "expired")]), secret("expired"))[0]?.message).toBe(
      "https (Secret expired): certificate expired 151 days ago",
    );
    expect(evaluate(gateway([https(undefined, "weak-rsa")]), secret("weak-rsa"))[0]?.message).toBe(
      "https (Secret weak-rsa): weak key RSA 1024",
    );
    expect(
      evaluate(gateway([https("a.b.example.com", "wildcard")]), secret("wildcard"))[0]?.message,
    ).toBe("https (Secret wildcard): a.b.example.com not covered");
  });

  it("follows a cross-namespace reference", () => {
    const ref = https("app.example.com", "valid", { namespace: "certs" });
    expect(evaluate(gateway([ref]), secret("valid", "certs"))[0]?.status).toBe("pass");
    expect(evaluate(gateway([ref]), secret("valid"))[0]?.status).toBe("skip");
  });

  it("ignores passthrough and plain listeners", () => {
    const passthrough = { name: "tls", protocol: "TLS", port: 443, tls: { mode: "Passthrough" } };
    expect(evaluate(gateway([passthrough, { name: "http", protocol: "HTTP", port: 80 }]))).toEqual(
      [],
    );
  });
});
