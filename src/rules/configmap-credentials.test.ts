import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { configmapCredentials } from "./configmap-credentials.ts";

describe("configmap-credentials", () => {
  it("fires on credential-like keys and a PEM key, and never copies a value", () => {
    const value = "-----BEGIN RSA PRIVATE KEY-----\nMIIEo...";
    const hit = configmapCredentials.match(
      write("configmaps", { data: { DB_PASSWORD: "hunter2", "tls.pem": value, color: "blue" } }),
    );
    expect(hit?.evidence).toEqual({ keys: ["DB_PASSWORD", "tls.pem"] });
    expect(JSON.stringify(hit)).not.toContain("hunter2");
  });
  it("stays quiet on ordinary settings", () => {
    expect(
      configmapCredentials.match(write("configmaps", { data: { LOG_LEVEL: "debug" } })),
    ).toBeUndefined();
  });
});
