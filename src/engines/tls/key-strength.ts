import type { CertificateFacts } from "./certificate.ts";

export interface KeyStrength {
  readonly isWeak: boolean;
  /** `RSA 1024`, `EC secp224r1 (224 bits)`, `ed25519`. */
  readonly description: string;
  readonly reason?: string;
}

// NIST SP 800-57 Part 1 / SP 800-131A: RSA and DSA below 2048 bits and EC below 256 bits give
// less than 112 bits of security; Ed25519/Ed448 are fixed-size and strong.
const MIN_BITS: Readonly<Record<string, number>> = {
  rsa: 2048,
  "rsa-pss": 2048,
  dsa: 2048,
  ec: 256,
};

export function keyStrengthOf(
  certificate: Pick<CertificateFacts, "keyType" | "keyBits" | "curve">,
): KeyStrength {
  const { keyType, keyBits, curve } = certificate;
  const description =
    keyType === "ec"
      ? `EC ${curve ?? "unknown curve"}${keyBits === undefined ? "" : ` (${keyBits} bits)`}`
      : keyBits === undefined
        ? keyType
        : `${keyType.toUpperCase()} ${keyBits}`;
  if (keyType === "ed25519" || keyType === "ed448") return { isWeak: false, description };
  const minimum = MIN_BITS[keyType];
  if (minimum === undefined) {
    return { isWeak: true, description, reason: `unrecognized key type ${keyType}` };
  }
  if (keyBits === undefined) {
    return { isWeak: true, description, reason: "key size could not be determined" };
  }
  return keyBits < minimum
    ? { isWeak: true, description, reason: `${keyBits} bits is below the minimum of ${minimum}` }
    : { isWeak: false, description };
}
