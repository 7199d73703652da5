import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { hostNamespaces } from "./host-namespaces.ts";

describe("host-namespaces", () => {
  it("passes when the host namespace fields are unset or false", () => {
    const results = hostNamespaces.evaluate(
      contextOf([
        pod("a", { containers: [{ name: "c" }] }),
        pod("b", { hostNetwork: false, hostPID: false, hostIPC: false, containers: [] }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it.each(["hostNetwork", "hostPID", "hostIPC"])("fails %s: true and names the field", (field) => {
    const [result] = hostNamespaces.evaluate(contextOf([pod("a", { [field]: true })]));
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([{ field: `spec.${field}`, value: true }]);
  });
});
