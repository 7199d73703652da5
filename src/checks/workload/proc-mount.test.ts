import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { pssPinnedNamespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { procMount } from "./proc-mount.ts";

function statusOf(...objects: KubeObject[]): string | undefined {
  return procMount.evaluate(contextOf(objects))[0]?.status;
}

const unmasked = (extra: Record<string, unknown> = {}, namespace = "default") =>
  pod(
    "a",
    { ...extra, containers: [{ name: "c", securityContext: { procMount: "Unmasked" } }] },
    namespace,
  );

describe("proc-mount", () => {
  it("passes unset and Default", () => {
    expect(
      statusOf(
        pod("a", {
          containers: [{ name: "c", securityContext: { procMount: "Default" } }, { name: "d" }],
        }),
      ),
    ).toBe("pass");
  });

  it("fails Unmasked (and an empty string) on any container", () => {
    expect(statusOf(unmasked())).toBe("fail");
    expect(
      statusOf(
        pod("a", { ephemeralContainers: [{ name: "e", securityContext: { procMount: "" } }] }),
      ),
    ).toBe("fail");
  });

  it("relaxes for user-namespace pods from v1.35 only", () => {
    const ns = pssPinnedNamespace("old", "v1.34");
    expect(statusOf(unmasked({ hostUsers: false }))).toBe("pass");
    expect(statusOf(ns, unmasked({ hostUsers: false }, "old"))).toBe("fail");
    expect(statusOf(unmasked({ hostUsers: true }))).toBe("fail");
  });
});
