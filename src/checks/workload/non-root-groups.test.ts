import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { nonRootGroups } from "./non-root-groups.ts";

function statusOf(spec: Record<string, unknown>): string | undefined {
  return nonRootGroups.evaluate(contextOf([pod("a", spec)]))[0]?.status;
}

describe("non-root-groups", () => {
  it("passes a pod-level non-zero group inherited by containers", () => {
    expect(
      statusOf({
        securityContext: { runAsGroup: 1000, fsGroup: 2000, supplementalGroups: [3000] },
        containers: [{ name: "c" }],
      }),
    ).toBe("pass");
  });

  it("fails group 0 anywhere, and a container with no group stated", () => {
    expect(
      statusOf({ securityContext: { runAsGroup: 1000, fsGroup: 0 }, containers: [{ name: "c" }] }),
    ).toBe("fail");
    expect(statusOf({ securityContext: { runAsGroup: 1000, supplementalGroups: [5, 0] } })).toBe(
      "fail",
    );
    const [result] = nonRootGroups.evaluate(
      contextOf([pod("a", { containers: [{ name: "c", securityContext: { runAsGroup: 0 } }] })]),
    );
    expect(result?.evidence?.["violations"]).toEqual([
      { container: "c", field: "spec.containers[0].securityContext.runAsGroup", value: 0 },
    ]);
    expect(statusOf({ containers: [{ name: "c" }] })).toBe("fail");
  });
});

describe("non-root-groups on Windows", () => {
  it("skips Windows pods, which cannot set the field", () => {
    expect(statusOf({ os: { name: "windows" }, containers: [{ name: "c" }] })).toBe("skip");
  });
});
