import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { serviceAccountTokenSecret } from "./service-account-token-secret.ts";

describe("service-account-token-secret", () => {
  it("fires on a Secret of type service-account-token", () => {
    const secret = {
      type: "kubernetes.io/service-account-token",
      metadata: { annotations: { "kubernetes.io/service-account.name": "deployer" } },
    };
    expect(serviceAccountTokenSecret.match(write("secrets", secret))?.evidence).toEqual({
      serviceAccount: "deployer",
    });
  });
  it("stays quiet on an Opaque Secret", () => {
    expect(serviceAccountTokenSecret.match(write("secrets", { type: "Opaque" }))).toBeUndefined();
  });
});
