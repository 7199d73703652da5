import { describe, expect, it } from "vitest";
import { certificateData } from "../../../test/fixtures/certs/read-certificate.ts";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { ingressCertificateValidity } from "./ingress-certificate-validity.ts";

function objects(...certs: string[]): KubeObject[] {
  return [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "web", namespace: "shop" },
      spec: { tls: certs.map((cert) => ({ hosts: ["app.example.com"], secretName: cert })) },
    },
    ...certs.map((cert) => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: cert, namespace: "shop" },
      data: { "tls.crt": certificateData(cert) },
    })),
  ];
}
// The helper's fixed reference time: 2026-06-01T00:00:00Z.
const evaluate = (...certs: string[]) =>
  ingressCertificateValidity.evaluate(contextOf(objects(...certs)));

describe("ingress-certificate-validity", () => {
  it("passes a certificate valid for months, reporting days left", () => {
    const [result] = evaluate("valid");
    expect(result).toMatchObject({
      status: "pass",
      message: "Certificates valid for 214 more days at least",
    });
  });

  it("fails an expired certificate as critical", () => {
    const [result] = evaluate("expired");
    expect(result).toMatchObject({
      status: "fail",
      severity: "critical",
      message: "Secret expired: certificate expired 151 days ago",
    });
  });

  it("fails a certificate expiring within 30 days as medium", () => {
    const [result] = evaluate("expiring");
    expect(result).toMatchObject({
      status: "fail",
      severity: "medium",
      message: "Secret expiring: certificate expires in 14 days",
    });
  });

  it("fails a certificate not yet valid", () => {
    expect(evaluate("not-yet-valid")[0]?.message).toContain(
      "not valid before 2027-01-01T00:00:00.000Z",
    );
  });

  it("judges against the context's time, not the clock", () => {
    const [later] = ingressCertificateValidity.evaluate(
      contextOf(objects("valid"), new Date("2026-12-15T00:00:00Z")),
    );
    expect(later?.status).toBe("fail");
  });

  it("reports only the bad certificates of an Ingress with several", () => {
    const [result] = evaluate("valid", "expired");
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["certificates"]).toHaveLength(1);
  });

  it("returns nothing when no certificate could be read", () => {
    expect(ingressCertificateValidity.evaluate(contextOf(objects().slice(0, 1)))).toEqual([]);
  });
});
