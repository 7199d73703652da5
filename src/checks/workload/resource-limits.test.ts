import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { resourceLimits } from "./resource-limits.ts";

const limits = (values: Record<string, string>) => ({ resources: { limits: values } });

function limitRange(namespace: string, defaults: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "defaults", namespace },
    spec: { limits: [{ type: "Container", default: defaults }] },
  };
}

describe("resource-limits", () => {
  it("passes containers with CPU and memory limits; ephemeral containers are not judged", () => {
    const [result] = resourceLimits.evaluate(
      contextOf([
        pod("a", {
          containers: [{ name: "c", ...limits({ cpu: "500m", memory: "256Mi" }) }],
          ephemeralContainers: [{ name: "debug" }],
        }),
      ]),
    );
    expect(result?.status).toBe("pass");
  });

  it("fails a missing limit, naming the field", () => {
    const [result] = resourceLimits.evaluate(
      contextOf([pod("a", { initContainers: [{ name: "i", ...limits({ cpu: "1" }) }] })]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      { container: "i", field: "spec.initContainers[0].resources.limits.memory" },
    ]);
  });

  it("counts a LimitRange default in the pod's namespace, and only there", () => {
    const objects = [
      limitRange("team", { memory: "512Mi" }),
      pod("a", { containers: [{ name: "c", ...limits({ cpu: "1" }) }] }, "team"),
      pod("b", { containers: [{ name: "c", ...limits({ cpu: "1" }) }] }, "other"),
    ];
    expect(resourceLimits.evaluate(contextOf(objects)).map((result) => result.status)).toEqual([
      "pass",
      "fail",
    ]);
  });
});
