import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { seccompRestricted } from "./seccomp-restricted.ts";

const seccomp = (type: string) => ({ seccompProfile: { type } });

function statusOf(...objects: KubeObject[]): string | undefined {
  return seccompRestricted.evaluate(contextOf(objects))[0]?.status;
}

describe("seccomp-restricted", () => {
  it("passes a pod-level RuntimeDefault that containers inherit", () => {
    expect(
      statusOf(
        pod("a", {
          securityContext: seccomp("RuntimeDefault"),
          initContainers: [{ name: "i" }],
          containers: [{ name: "c", securityContext: seccomp("Localhost") }],
          ephemeralContainers: [{ name: "e" }],
        }),
      ),
    ).toBe("pass");
  });

  it("passes when every container sets an allowed profile and the pod sets none", () => {
    expect(
      statusOf(
        pod("a", { containers: [{ name: "c", securityContext: seccomp("RuntimeDefault") }] }),
      ),
    ).toBe("pass");
  });

  it("fails a container left unset when the pod sets nothing, naming it", () => {
    const [result] = seccompRestricted.evaluate(
      contextOf([
        pod("a", {
          containers: [{ name: "c", securityContext: seccomp("RuntimeDefault") }, { name: "d" }],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      {
        container: "d",
        field: "spec.containers[1].securityContext.seccompProfile.type",
        value: undefined,
      },
    ]);
  });

  it("fails an explicit Unconfined even under an allowed pod profile", () => {
    expect(
      statusOf(
        pod("a", {
          securityContext: seccomp("RuntimeDefault"),
          containers: [{ name: "c", securityContext: seccomp("Unconfined") }],
        }),
      ),
    ).toBe("fail");
    // A bad pod-level profile does not cover containers either.
    expect(statusOf(pod("a", { securityContext: seccomp("Unconfined"), containers: [] }))).toBe(
      "fail",
    );
  });

  it("exempts Windows pods from v1.25", () => {
    expect(statusOf(pod("w", { os: { name: "windows" }, containers: [{ name: "c" }] }))).toBe(
      "pass",
    );
    expect(statusOf(pod("l", { os: { name: "linux" }, containers: [{ name: "c" }] }))).toBe("fail");
  });
});
