import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { pssPinnedNamespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { selinuxOptions } from "./selinux-options.ts";

const se = (options: Record<string, string>) => ({ seLinuxOptions: options });

function statusOf(...objects: KubeObject[]): string | undefined {
  return selinuxOptions.evaluate(contextOf(objects))[0]?.status;
}

describe("selinux-options", () => {
  it("passes the allowed types, an empty type and a level", () => {
    expect(
      statusOf(
        pod("a", {
          securityContext: se({ type: "container_t", level: "s0:c1,c2" }),
          initContainers: [{ name: "i", securityContext: se({ type: "container_init_t" }) }],
          containers: [{ name: "c", securityContext: se({}) }],
          ephemeralContainers: [{ name: "e", securityContext: se({ type: "container_engine_t" }) }],
        }),
      ),
    ).toBe("pass");
  });

  it("fails a custom type, user or role, naming each field", () => {
    const [result] = selinuxOptions.evaluate(
      contextOf([
        pod("a", {
          securityContext: se({ type: "spc_t" }),
          containers: [{ name: "c", securityContext: se({ user: "system_u", role: "system_r" }) }],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      { field: "spec.securityContext.seLinuxOptions.type", value: "spc_t" },
      {
        container: "c",
        field: "spec.containers[0].securityContext.seLinuxOptions.user",
        value: "system_u",
      },
      {
        container: "c",
        field: "spec.containers[0].securityContext.seLinuxOptions.role",
        value: "system_r",
      },
    ]);
  });

  it("allows container_engine_t only from v1.31", () => {
    const ns = pssPinnedNamespace("old", "v1.30");
    const engine = (namespace: string) =>
      pod("a", { securityContext: se({ type: "container_engine_t" }) }, namespace);
    expect(statusOf(ns, engine("old"))).toBe("fail");
    expect(statusOf(engine("default"))).toBe("pass");
  });
});
