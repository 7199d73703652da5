import { describe, expect, it } from "vitest";
import { validityOf } from "./validity.ts";

const cert = {
  notBefore: new Date("2026-01-01T00:00:00Z"),
  notAfter: new Date("2026-07-01T00:00:00Z"),
};

describe("validityOf", () => {
  it("is valid more than 30 days before expiry", () => {
    expect(validityOf(cert, new Date("2026-05-01T00:00:00Z"))).toEqual({
      state: "valid",
      daysLeft: 61,
    });
  });

  it("is expiring within 30 days, and exactly 30 days before is still valid", () => {
    expect(validityOf(cert, new Date("2026-06-01T00:00:01Z")).state).toBe("expiring");
    expect(validityOf(cert, new Date("2026-06-01T00:00:00Z")).state).toBe("valid");
  });

  it("is valid at the notAfter instant itself and expired after it", () => {
    expect(validityOf(cert, new Date("2026-07-01T00:00:00Z")).state).toBe("expiring");
    expect(validityOf(cert, new Date("2026-07-01T00:00:01Z"))).toMatchObject({ state: "expired" });
  });

  it("is not yet valid before notBefore", () => {
    expect(validityOf(cert, new Date("2025-12-31T23:59:59Z")).state).toBe("not-yet-valid");
  });

  it("takes the window as a parameter", () => {
    expect(validityOf(cert, new Date("2026-05-01T00:00:00Z"), 90).state).toBe("expiring");
  });
});
