import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { pssPinnedNamespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { sysctls } from "./sysctls.ts";

const withSysctls = (names: string[], namespace = "default") =>
  pod(
    "a",
    { securityContext: { sysctls: names.map((name) => ({ name, value: "1" })) } },
    namespace,
  );

function statusOf(...objects: KubeObject[]): string | undefined {
  return sysctls.evaluate(contextOf(objects))[0]?.status;
}

describe("sysctls", () => {
  it("passes no sysctls and the safe set", () => {
    expect(statusOf(pod("a", {}))).toBe("pass");
    expect(statusOf(withSysctls(["kernel.shm_rmid_forced", "net.ipv4.tcp_wmem"]))).toBe("pass");
  });

  it("fails an unsafe sysctl, naming it", () => {
    const [result] = sysctls.evaluate(
      contextOf([withSysctls(["net.ipv4.tcp_syncookies", "kernel.msgmax"])]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      { field: "spec.securityContext.sysctls[1].name", value: "kernel.msgmax" },
    ]);
  });

  it("grows the safe set by version", () => {
    expect(
      statusOf(pssPinnedNamespace("a", "v1.31"), withSysctls(["net.ipv4.tcp_rmem"], "a")),
    ).toBe("fail");
    expect(
      statusOf(pssPinnedNamespace("a", "v1.32"), withSysctls(["net.ipv4.tcp_rmem"], "a")),
    ).toBe("pass");
    expect(
      statusOf(
        pssPinnedNamespace("a", "v1.26"),
        withSysctls(["net.ipv4.ip_local_reserved_ports"], "a"),
      ),
    ).toBe("fail");
    expect(
      statusOf(pssPinnedNamespace("a", "v1.28"), withSysctls(["net.ipv4.tcp_fin_timeout"], "a")),
    ).toBe("fail");
    expect(
      statusOf(pssPinnedNamespace("a", "v1.29"), withSysctls(["net.ipv4.tcp_fin_timeout"], "a")),
    ).toBe("pass");
  });
});
