import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { privilegedContainers } from "./privileged-containers.ts";

describe("privileged-containers", () => {
  it("passes a pod whose containers are not privileged", () => {
    const results = privilegedContainers.evaluate(
      contextOf([
        pod("web", { containers: [{ name: "app", securityContext: { privileged: false } }] }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass"]);
  });

  it("fails a privileged init container and names it", () => {
    const results = privilegedContainers.evaluate(
      contextOf([
        pod("web", {
          initContainers: [{ name: "setup", securityContext: { privileged: true } }],
          containers: [{ name: "app" }],
        }),
      ]),
    );
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe("fail");
    expect(results[0]?.evidence).toEqual({ containers: ["setup"] });
  });

  it("judges a Deployment through its pod template", () => {
    const results = privilegedContainers.evaluate(
      contextOf([
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "api", namespace: "shop" },
          spec: {
            template: {
              spec: { containers: [{ name: "c", securityContext: { privileged: true } }] },
            },
          },
        },
      ]),
    );
    expect(results[0]).toMatchObject({
      status: "fail",
      target: { kind: "Deployment", namespace: "shop", name: "api" },
    });
  });
});
