import type { CertificateFacts } from "./certificate.ts";

export const DAY_MS = 24 * 60 * 60 * 1000;

export type ValidityState = "valid" | "expiring" | "expired" | "not-yet-valid";

export interface Validity {
  readonly state: ValidityState;
  /** Whole days from `now` to notAfter, negative once expired. */
  readonly daysLeft: number;
}

/** Validity at `now` (the scan's reference time, never the clock). */
export function validityOf(
  certificate: Pick<CertificateFacts, "notBefore" | "notAfter">,
  now: Date,
  expiringWithinDays = 30,
): Validity {
  const left = certificate.notAfter.getTime() - now.getTime();
  const daysLeft = Math.floor(left / DAY_MS);
  // X.509 validity is inclusive at both ends (RFC 5280 4.1.2.5).
  if (now.getTime() < certificate.notBefore.getTime()) return { state: "not-yet-valid", daysLeft };
  if (left < 0) return { state: "expired", daysLeft };
  if (left < expiringWithinDays * DAY_MS) return { state: "expiring", daysLeft };
  return { state: "valid", daysLeft };
}
