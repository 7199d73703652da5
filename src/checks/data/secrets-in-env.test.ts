import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { secretsInEnv } from "./secrets-in-env.ts";

describe("secrets-in-env", () => {
  it("passes a pod that mounts its Secret and uses ConfigMap env", () => {
    const [result] = secretsInEnv.evaluate(
      contextOf([
        pod("web", {
          containers: [
            {
              name: "app",
              env: [{ name: "MODE", valueFrom: { configMapKeyRef: { name: "cfg", key: "mode" } } }],
              envFrom: [{ configMapRef: { name: "cfg" } }],
            },
          ],
          volumes: [{ name: "creds", secret: { secretName: "db" } }],
        }),
      ]),
    );
    expect(result?.status).toBe("pass");
  });

  it("fails secretKeyRef and envFrom secretRef, in init containers too", () => {
    const [result] = secretsInEnv.evaluate(
      contextOf([
        pod("web", {
          initContainers: [{ name: "migrate", envFrom: [{ secretRef: { name: "db" } }] }],
          containers: [
            {
              name: "app",
              env: [
                {
                  name: "DB_PASSWORD",
                  valueFrom: { secretKeyRef: { name: "db", key: "password" } },
                },
              ],
            },
          ],
        }),
      ]),
    );
    expect(result).toMatchObject({
      status: "fail",
      evidence: { uses: ["migrate: envFrom db", "app: DB_PASSWORD <- db[password]"] },
    });
  });
});
