import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { runAsNonRoot } from "./run-as-non-root.ts";

const nonRoot = (value: boolean) => ({ securityContext: { runAsNonRoot: value } });

function statusOf(spec: Record<string, unknown>): string | undefined {
  return runAsNonRoot.evaluate(contextOf([pod("a", spec)]))[0]?.status;
}

describe("run-as-non-root", () => {
  it("passes pod-level true with containers left unset", () => {
    expect(
      statusOf({ ...nonRoot(true), initContainers: [{ name: "i" }], containers: [{ name: "c" }] }),
    ).toBe("pass");
  });

  it("passes when every container sets true and the pod sets nothing", () => {
    expect(statusOf({ containers: [{ name: "c", ...nonRoot(true) }] })).toBe("pass");
  });

  it("fails a container's explicit false even under pod-level true", () => {
    const [result] = runAsNonRoot.evaluate(
      contextOf([
        pod("a", { ...nonRoot(true), ephemeralContainers: [{ name: "e", ...nonRoot(false) }] }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      {
        container: "e",
        field: "spec.ephemeralContainers[0].securityContext.runAsNonRoot",
        value: false,
      },
    ]);
  });

  it("fails pod-level false, and containers unset without pod-level true", () => {
    expect(statusOf({ ...nonRoot(false), containers: [{ name: "c", ...nonRoot(true) }] })).toBe(
      "fail",
    );
    expect(statusOf({ containers: [{ name: "c" }] })).toBe("fail");
  });

  it("relaxes for a pod in its own user namespace (v1.35+)", () => {
    expect(statusOf({ hostUsers: false, containers: [{ name: "c" }] })).toBe("pass");
  });
});
