import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { pssPinnedNamespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { seccompBaseline } from "./seccomp-baseline.ts";

const seccomp = (type?: string) => ({ seccompProfile: type === undefined ? {} : { type } });

function statusOf(...objects: KubeObject[]): string | undefined {
  return seccompBaseline.evaluate(contextOf(objects))[0]?.status;
}

describe("seccomp-baseline", () => {
  it("passes unset, RuntimeDefault and Localhost", () => {
    expect(statusOf(pod("a", { containers: [{ name: "c" }] }))).toBe("pass");
    expect(
      statusOf(
        pod("a", {
          securityContext: seccomp("RuntimeDefault"),
          containers: [{ name: "c", securityContext: seccomp("Localhost") }],
        }),
      ),
    ).toBe("pass");
  });

  it("fails Unconfined on the pod or an init container, and a profile with no type", () => {
    expect(statusOf(pod("a", { securityContext: seccomp("Unconfined") }))).toBe("fail");
    const [result] = seccompBaseline.evaluate(
      contextOf([pod("a", { initContainers: [{ name: "i", securityContext: seccomp() }] })]),
    );
    expect(result?.evidence?.["violations"]).toEqual([
      {
        container: "i",
        field: "spec.initContainers[0].securityContext.seccompProfile.type",
        value: "",
      },
    ]);
  });

  it("judges the alpha annotations before v1.19 instead of the field", () => {
    const ns = pssPinnedNamespace("old", "v1.18");
    const annotated = (
      annotations: Record<string, string>,
      spec: Record<string, unknown> = {},
    ): KubeObject => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "a", namespace: "old", annotations },
      spec: { containers: [{ name: "c" }], ...spec },
    });
    expect(statusOf(ns, annotated({}, { securityContext: seccomp("Unconfined") }))).toBe("pass");
    expect(
      statusOf(ns, annotated({ "seccomp.security.alpha.kubernetes.io/pod": "docker/default" })),
    ).toBe("pass");
    expect(
      statusOf(ns, annotated({ "container.seccomp.security.alpha.kubernetes.io/c": "unconfined" })),
    ).toBe("fail");
    // Only annotations naming an existing container count.
    expect(
      statusOf(ns, annotated({ "container.seccomp.security.alpha.kubernetes.io/x": "unconfined" })),
    ).toBe("pass");
  });
});
