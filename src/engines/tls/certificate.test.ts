import { describe, expect, it } from "vitest";
import { readCertificate as fixtureCert } from "../../../test/fixtures/certs/read-certificate.ts";
import { parsePemCertificates, type CertificateFacts } from "./certificate.ts";

function leaf(name: string): CertificateFacts {
  const parsed = parsePemCertificates(fixtureCert(name));
  if (!parsed.ok) throw new Error(parsed.error);
  const [first] = parsed.certificates;
  if (first === undefined) throw new Error("no certificate");
  return first;
}

describe("parsePemCertificates", () => {
  it("reads names, dates and key of an RSA certificate", () => {
    const facts = leaf("valid");
    expect(facts.commonNames).toEqual(["app.example.com"]);
    expect(facts.dnsNames).toEqual(["app.example.com", "www.example.com"]);
    expect(facts.notBefore.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(facts.notAfter.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(facts.keyType).toBe("rsa");
    expect(facts.keyBits).toBe(2048);
    expect(facts.fingerprint256).toMatch(/^[0-9A-F:]+$/);
  });

  it("reads the curve and its size of an EC key", () => {
    expect(leaf("ec-p256")).toMatchObject({ keyType: "ec", curve: "prime256v1", keyBits: 256 });
    expect(leaf("weak-ec")).toMatchObject({ keyType: "ec", curve: "secp224r1", keyBits: 224 });
  });

  it("reads a wildcard SAN and a certificate without SAN", () => {
    expect(leaf("wildcard").dnsNames).toEqual(["*.example.com"]);
    expect(leaf("cn-only")).toMatchObject({ dnsNames: [], commonNames: ["legacy.example.com"] });
  });

  it("reads every certificate of a bundle, leaf first", () => {
    const parsed = parsePemCertificates(`${fixtureCert("valid")}\n${fixtureCert("expired")}`);
    expect(parsed.ok && parsed.certificates.map((cert) => cert.notAfter.getUTCFullYear())).toEqual([
      2027, 2026,
    ]);
  });

  it("returns an error, not an exception, for text without a certificate", () => {
    expect(parsePemCertificates("hello")).toEqual({
      ok: false,
      error: "no PEM CERTIFICATE block found",
    });
  });

  it("names the broken block of a bundle", () => {
    const broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
    const parsed = parsePemCertificates(`${fixtureCert("valid")}\n${broken}`);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^certificate 2 of 2 is not valid X\.509/);
  });
});
