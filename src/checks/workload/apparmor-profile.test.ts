import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { apparmorProfile } from "./apparmor-profile.ts";

const profile = (type?: string) => ({ appArmorProfile: type === undefined ? {} : { type } });

function annotated(annotations: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "a", namespace: "default", annotations },
    spec: { containers: [{ name: "c" }] },
  };
}

function statusOf(object: KubeObject): string | undefined {
  return apparmorProfile.evaluate(contextOf([object]))[0]?.status;
}

describe("apparmor-profile", () => {
  it("passes unset, RuntimeDefault and Localhost profiles", () => {
    expect(
      statusOf(
        pod("a", {
          securityContext: profile("RuntimeDefault"),
          containers: [{ name: "c", securityContext: profile("Localhost") }, { name: "d" }],
        }),
      ),
    ).toBe("pass");
  });

  it("fails Unconfined at pod or container level, and a profile with no type", () => {
    expect(statusOf(pod("a", { securityContext: profile("Unconfined"), containers: [] }))).toBe(
      "fail",
    );
    const [result] = apparmorProfile.evaluate(
      contextOf([pod("a", { ephemeralContainers: [{ name: "e", securityContext: profile() }] })]),
    );
    expect(result?.evidence?.["violations"]).toEqual([
      {
        container: "e",
        field: "spec.ephemeralContainers[0].securityContext.appArmorProfile.type",
        value: "",
      },
    ]);
  });

  it("judges the legacy annotations, for any container name", () => {
    const prefix = "container.apparmor.security.beta.kubernetes.io/";
    expect(statusOf(annotated({ [`${prefix}c`]: "runtime/default" }))).toBe("pass");
    expect(
      statusOf(annotated({ [`${prefix}c`]: "localhost/my-profile", [`${prefix}x`]: "" })),
    ).toBe("pass");
    expect(statusOf(annotated({ [`${prefix}ghost`]: "unconfined" }))).toBe("fail");
  });
});
