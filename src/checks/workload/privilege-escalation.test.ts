import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { privilegeEscalation } from "./privilege-escalation.ts";

const ape = (value: unknown) => ({ securityContext: { allowPrivilegeEscalation: value } });

function statusOf(spec: Record<string, unknown>): string | undefined {
  return privilegeEscalation.evaluate(contextOf([pod("a", spec)]))[0]?.status;
}

describe("privilege-escalation", () => {
  it("passes when every container sets false", () => {
    expect(
      statusOf({
        initContainers: [{ name: "i", ...ape(false) }],
        containers: [{ name: "c", ...ape(false) }],
        ephemeralContainers: [{ name: "e", ...ape(false) }],
      }),
    ).toBe("pass");
  });

  it("fails unset (nil) and true, naming the container", () => {
    const [result] = privilegeEscalation.evaluate(
      contextOf([pod("a", { containers: [{ name: "c", ...ape(false) }, { name: "d" }] })]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      {
        container: "d",
        field: "spec.containers[1].securityContext.allowPrivilegeEscalation",
        value: undefined,
      },
    ]);
    expect(statusOf({ containers: [{ name: "c", ...ape(true) }] })).toBe("fail");
    expect(statusOf({ ephemeralContainers: [{ name: "e", ...ape(null) }] })).toBe("fail");
  });

  it("exempts Windows pods", () => {
    expect(statusOf({ os: { name: "windows" }, containers: [{ name: "c" }] })).toBe("pass");
  });
});
