import { describe, expect, it } from "vitest";
import { keyStrengthOf } from "./key-strength.ts";

describe("keyStrengthOf", () => {
  it.each([
    [{ keyType: "rsa", keyBits: 2048, curve: undefined }, false],
    [{ keyType: "rsa", keyBits: 2047, curve: undefined }, true],
    [{ keyType: "rsa", keyBits: 1024, curve: undefined }, true],
    [{ keyType: "rsa-pss", keyBits: 4096, curve: undefined }, false],
    [{ keyType: "ec", keyBits: 256, curve: "prime256v1" }, false],
    [{ keyType: "ec", keyBits: 224, curve: "secp224r1" }, true],
    [{ keyType: "ec", keyBits: undefined, curve: "sect163k1" }, true],
    [{ keyType: "ed25519", keyBits: undefined, curve: undefined }, false],
    [{ keyType: "dsa", keyBits: 1024, curve: undefined }, true],
  ])("%o weak: %s", (key, isWeak) => {
    expect(keyStrengthOf(key).isWeak).toBe(isWeak);
  });

  it("describes the key and gives the reason", () => {
    expect(keyStrengthOf({ keyType: "rsa", keyBits: 1024, curve: undefined })).toEqual({
      isWeak: true,
      description: "RSA 1024",
      reason: "1024 bits is below the minimum of 2048",
    });
    expect(keyStrengthOf({ keyType: "ec", keyBits: 384, curve: "secp384r1" }).description).toBe(
      "EC secp384r1 (384 bits)",
    );
  });
});
