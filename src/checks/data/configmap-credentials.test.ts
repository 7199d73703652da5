import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { configmapCredentials } from "./configmap-credentials.ts";

// Assembled at run time so that no scanner sees a token in the repository. Not real.
const githubToken = `ghp_${"wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx"}`;
const dsn = `postgres://app:${"Sup3rS3cretPw"}@db.internal:5432/orders`;

const configMap = (data: Record<string, unknown>): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cfg", namespace: "shop" },
  data,
});

describe("configmap-credentials", () => {
  it("passes ordinary configuration", () => {
    const [result] = configmapCredentials.evaluate(
      contextOf([configMap({ LOG_LEVEL: "info", "app.properties": "server.port=8080\n" })]),
    );
    expect(result).toMatchObject({ status: "pass", message: "No credential found in 2 keys" });
  });

  it("fails a token, a connection string with a password, and a password key", () => {
    const [result] = configmapCredentials.evaluate(
      contextOf([
        configMap({
          "ci.env": `GITHUB=${githubToken}\n`,
          DATABASE_URL: dsn,
          ADMIN_PASSWORD: "letmein",
          PORT: 5432,
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("ci.env (GITHUB_TOKEN)");
    expect(result?.message).toContain("DATABASE_URL (PostgreSQLConnection)");
    expect(result?.message).toContain("ADMIN_PASSWORD (CredentialNamedValue)");
  });

  it("never puts a value in the message or the evidence", () => {
    const results = configmapCredentials.evaluate(
      contextOf([configMap({ token: githubToken, DATABASE_URL: dsn, ADMIN_PASSWORD: "letmein" })]),
    );
    const text = JSON.stringify(results);
    for (const value of [githubToken, "Sup3rS3cretPw", "letmein", "wWPw5k4a"])
      expect(text).not.toContain(value);
  });
});
