import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { pssPinnedNamespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { runAsNonRootUser } from "./run-as-non-root-user.ts";

const user = (uid: number) => ({ securityContext: { runAsUser: uid } });

function statusOf(...objects: KubeObject[]): string | undefined {
  return runAsNonRootUser.evaluate(contextOf(objects))[0]?.status;
}

describe("run-as-non-root-user", () => {
  it("passes unset and non-zero UIDs", () => {
    expect(
      statusOf(pod("a", { ...user(1000), containers: [{ name: "c" }, { name: "d", ...user(1) }] })),
    ).toBe("pass");
  });

  it("fails runAsUser: 0 on the pod or any container", () => {
    expect(statusOf(pod("a", { ...user(0), containers: [{ name: "c", ...user(1000) }] }))).toBe(
      "fail",
    );
    const [result] = runAsNonRootUser.evaluate(
      contextOf([pod("a", { initContainers: [{ name: "i", ...user(0) }] })]),
    );
    expect(result?.evidence?.["violations"]).toEqual([
      { container: "i", field: "spec.initContainers[0].securityContext.runAsUser", value: 0 },
    ]);
  });

  it("exists from v1.23 and relaxes for user namespaces from v1.35", () => {
    const ns = (version: string) => pssPinnedNamespace("n", version);
    const root = (extra: Record<string, unknown> = {}) => pod("a", { ...user(0), ...extra }, "n");
    expect(statusOf(ns("v1.22"), root())).toBe("skip");
    expect(statusOf(ns("v1.34"), root({ hostUsers: false }))).toBe("fail");
    expect(statusOf(ns("v1.35"), root({ hostUsers: false }))).toBe("pass");
  });
});
