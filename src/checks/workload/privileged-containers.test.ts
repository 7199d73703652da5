import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { privilegedContainers } from "./privileged-containers.ts";

describe("privileged-containers", () => {
  it("passes a pod whose containers are not privileged, or leave it unset", () => {
    const results = privilegedContainers.evaluate(
      contextOf([
        pod("web", {
          containers: [{ name: "app", securityContext: { privileged: false } }, { name: "side" }],
        }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass"]);
  });

  it("fails a privileged init container and names it and the field", () => {
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
    expect(results[0]?.evidence).toEqual({
      version: "v1.36",
      violations: [
        {
          container: "setup",
          field: "spec.initContainers[0].securityContext.privileged",
          value: true,
        },
      ],
    });
  });

  it("fails a privileged ephemeral container", () => {
    const [result] = privilegedContainers.evaluate(
      contextOf([
        pod("web", {
          containers: [{ name: "app" }],
          ephemeralContainers: [{ name: "debug", securityContext: { privileged: true } }],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("spec.ephemeralContainers[0].securityContext.privileged");
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

  it("carries the PSS tags", () => {
    expect(privilegedContainers.tags).toEqual({
      standard: "pod-security-standards",
      level: "baseline",
      control: "Privileged Containers",
    });
  });
});
