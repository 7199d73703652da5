import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { hostProcess } from "./host-process.ts";

const windows = (hostProcessValue: unknown) => ({
  windowsOptions: { hostProcess: hostProcessValue },
});

function statuses(spec: Record<string, unknown>): string[] {
  return hostProcess.evaluate(contextOf([pod("p", spec)])).map((result) => result.status);
}

describe("host-process", () => {
  it("passes when hostProcess is unset or false at pod and container level", () => {
    expect(statuses({ containers: [{ name: "a" }] })).toEqual(["pass"]);
    expect(
      statuses({
        securityContext: windows(false),
        containers: [{ name: "a", securityContext: windows(false) }],
      }),
    ).toEqual(["pass"]);
  });

  it("fails hostProcess: true on the pod", () => {
    const [result] = hostProcess.evaluate(
      contextOf([pod("p", { securityContext: windows(true), containers: [{ name: "a" }] })]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      { field: "spec.securityContext.windowsOptions.hostProcess", value: true },
    ]);
  });

  it("fails hostProcess: true on an init or ephemeral container", () => {
    expect(
      statuses({ initContainers: [{ name: "i", securityContext: windows(true) }], containers: [] }),
    ).toEqual(["fail"]);
    expect(
      statuses({
        containers: [{ name: "a" }],
        ephemeralContainers: [{ name: "e", securityContext: windows(true) }],
      }),
    ).toEqual(["fail"]);
  });
});
