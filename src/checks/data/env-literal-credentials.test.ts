import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { envLiteralCredentials } from "./env-literal-credentials.ts";

// Assembled at run time so that no scanner sees a token in the repository. Not real.
const slackToken = `xoxb-${"1234567890"}-${"1234567890123"}-${"abcdefghijABCDEFGHIJklmn"}`;

describe("env-literal-credentials", () => {
  it("passes env from Secrets, expansions and plain settings", () => {
    const [result] = envLiteralCredentials.evaluate(
      contextOf([
        pod("web", {
          containers: [
            {
              name: "app",
              env: [
                { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "pw" } } },
                { name: "API_TOKEN", value: "$(TOKEN)" },
                { name: "LOG_LEVEL", value: "debug" },
              ],
            },
          ],
        }),
      ]),
    );
    expect(result?.status).toBe("pass");
  });

  it("fails literal credentials and names container, variable and kind", () => {
    const [result] = envLiteralCredentials.evaluate(
      contextOf([
        pod("web", {
          containers: [
            {
              name: "app",
              env: [
                { name: "SLACK", value: slackToken },
                { name: "DB_PASSWORD", value: "hunter2" },
              ],
            },
          ],
        }),
      ]),
    );
    expect(result).toMatchObject({
      status: "fail",
      message:
        "Literal credentials: app: SLACK (SLACK_TOKEN), app: DB_PASSWORD (CredentialNamedValue)",
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain(slackToken);
    expect(text).not.toContain("hunter2");
  });
});
