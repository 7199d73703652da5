import { X509Certificate } from "node:crypto";

/** What Tenet reads from one X.509 certificate. Never carries key material. */
export interface CertificateFacts {
  /** Common names of the subject, in order (most specific last). */
  readonly commonNames: readonly string[];
  /** dNSName entries of the subjectAltName extension, as written (case kept). */
  readonly dnsNames: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** `rsa`, `rsa-pss`, `ec`, `ed25519`, `ed448`, `dsa`, ... as node:crypto names it. */
  readonly keyType: string;
  /** Modulus bits for RSA/DSA, curve order bits for EC, undefined when unknown. */
  readonly keyBits: number | undefined;
  /** The named curve of an EC key. */
  readonly curve: string | undefined;
  readonly signatureAlgorithm: string | undefined;
  readonly fingerprint256: string;
  readonly isCa: boolean;
}

export type ParsedCertificates =
  | { readonly ok: true; readonly certificates: readonly CertificateFacts[] }
  | { readonly ok: false; readonly error: string };

// One PEM certificate block; the body is matched lazily up to the first END line.
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Parses a PEM bundle (a `tls.crt`: leaf first, then intermediates). Pure: no I/O, no clock.
 * Bad input is an error naming which block failed, never an exception.
 */
export function parsePemCertificates(pem: string): ParsedCertificates {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { ok: false, error: "no PEM CERTIFICATE block found" };
  const certificates: CertificateFacts[] = [];
  for (const [index, block] of blocks.entries()) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: `certificate ${index + 1} of ${blocks.length} is not valid X.509 (${reason})`,
      };
    }
    certificates.push(factsOf(certificate));
  }
  return { ok: true, certificates };
}

function factsOf(certificate: X509Certificate): CertificateFacts {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve;
  const keyType = key.asymmetricKeyType ?? "unknown";
  return {
    commonNames: commonNamesOf(certificate.subject),
    dnsNames: dnsNamesOf(certificate.subjectAltName),
    notBefore: certificate.validFromDate,
    notAfter: certificate.validToDate,
    keyType,
    keyBits: keyType === "ec" ? curveBits(curve) : details.modulusLength,
    curve,
    signatureAlgorithm: certificate.signatureAlgorithm,
    fingerprint256: certificate.fingerprint256,
    isCa: certificate.ca,
  };
}

// Node prints the subject one `KEY=value` per line; a value with special characters is a
// JSON string (Node >= 17.3.1), so unquote those.
function commonNamesOf(subject: string): string[] {
  return subject
    .split("\n")
    .filter((line) => line.startsWith("CN="))
    .map((line) => unquote(line.slice(3)));
}

// Node joins subjectAltName entries as `TYPE:value, TYPE:value`; values with special characters
// are JSON strings. Matches one entry at a time: type, then a quoted or a plain value.
const SAN_ENTRY = /\s*([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:,|$)/y;

function dnsNamesOf(subjectAltName: string | undefined): string[] {
  if (subjectAltName === undefined) return [];
  const names: string[] = [];
  SAN_ENTRY.lastIndex = 0;
  while (SAN_ENTRY.lastIndex < subjectAltName.length) {
    const match = SAN_ENTRY.exec(subjectAltName);
    if (match === null) break;
    if (match[1] === "DNS" && match[2] !== undefined) names.push(unquote(match[2]));
  }
  return names;
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "string" ? parsed : value;
  } catch {
    return value;
  }
}

/** Security-relevant size of the named curves OpenSSL reports. */
const CURVE_BITS: Readonly<Record<string, number>> = {
  prime192v1: 192,
  secp192k1: 192,
  secp224r1: 224,
  secp224k1: 224,
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

function curveBits(curve: string | undefined): number | undefined {
  return curve === undefined ? undefined : CURVE_BITS[curve];
}
