import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { pssPinnedNamespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { procMountRestricted } from "./proc-mount-restricted.ts";

function statusOf(...objects: KubeObject[]): string | undefined {
  return procMountRestricted.evaluate(contextOf(objects))[0]?.status;
}

describe("proc-mount-restricted", () => {
  it("passes unset and Default", () => {
    expect(
      statusOf(
        pod("a", { containers: [{ name: "c", securityContext: { procMount: "Default" } }] }),
      ),
    ).toBe("pass");
  });

  it("fails Unmasked even in a user namespace", () => {
    const [result] = procMountRestricted.evaluate(
      contextOf([
        pod("a", {
          hostUsers: false,
          initContainers: [{ name: "i", securityContext: { procMount: "Unmasked" } }],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      {
        container: "i",
        field: "spec.initContainers[0].securityContext.procMount",
        value: "Unmasked",
      },
    ]);
  });

  it("is skipped before v1.35, where baseline's unconditional rule covered it", () => {
    const ns = pssPinnedNamespace("old", "v1.34");
    expect(
      statusOf(
        ns,
        pod(
          "a",
          { containers: [{ name: "c", securityContext: { procMount: "Unmasked" } }] },
          "old",
        ),
      ),
    ).toBe("skip");
  });
});
