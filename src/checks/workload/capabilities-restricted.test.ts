import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { pssPinnedNamespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { capabilitiesRestricted } from "./capabilities-restricted.ts";

const caps = (capabilities: Record<string, unknown>) => ({ securityContext: { capabilities } });

function statusOf(...objects: KubeObject[]): string | undefined {
  return capabilitiesRestricted.evaluate(contextOf(objects))[0]?.status;
}

describe("capabilities-restricted", () => {
  it("passes drop ALL with at most NET_BIND_SERVICE added", () => {
    expect(
      statusOf(
        pod("a", {
          containers: [{ name: "c", ...caps({ drop: ["ALL"], add: ["NET_BIND_SERVICE"] }) }],
        }),
      ),
    ).toBe("pass");
  });

  it("fails a container that leaves capabilities unset", () => {
    const [result] = capabilitiesRestricted.evaluate(
      contextOf([pod("a", { containers: [{ name: "c" }] })]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      {
        container: "c",
        field: "spec.containers[0].securityContext.capabilities.drop",
        value: undefined,
      },
    ]);
  });

  it("fails a drop list without ALL, and an add beyond NET_BIND_SERVICE", () => {
    expect(
      statusOf(pod("a", { containers: [{ name: "c", ...caps({ drop: ["NET_RAW"] }) }] })),
    ).toBe("fail");
    expect(
      statusOf(
        pod("a", { initContainers: [{ name: "i", ...caps({ drop: ["ALL"], add: ["CHOWN"] }) }] }),
      ),
    ).toBe("fail");
    expect(
      statusOf(pod("a", { ephemeralContainers: [{ name: "e", ...caps({ drop: ["all"] }) }] })),
    ).toBe("fail");
  });

  it("exempts Windows pods from v1.25 but not before", () => {
    const windowsPod = (namespace: string) =>
      pod("w", { os: { name: "windows" }, containers: [{ name: "c" }] }, namespace);
    expect(statusOf(windowsPod("default"))).toBe("pass");
    expect(statusOf(pssPinnedNamespace("old", "v1.24"), windowsPod("old"))).toBe("fail");
    expect(statusOf(pssPinnedNamespace("older", "v1.21"), windowsPod("older"))).toBe("skip");
  });
});
