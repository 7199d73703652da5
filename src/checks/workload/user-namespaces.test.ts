import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { userNamespaces } from "./user-namespaces.ts";

describe("user-namespaces", () => {
  it("passes hostUsers: false and fails unset or true", () => {
    const results = userNamespaces.evaluate(
      contextOf([pod("a", { hostUsers: false }), pod("b", {}), pod("c", { hostUsers: true })]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "fail", "fail"]);
    expect(results[2]?.evidence).toEqual({
      violations: [{ field: "spec.hostUsers", value: true }],
    });
  });
});

describe("user-namespaces on Windows", () => {
  it("skips Windows pods, which cannot set hostUsers", () => {
    const [result] = userNamespaces.evaluate(contextOf([pod("w", { os: { name: "windows" } })]));
    expect(result?.status).toBe("skip");
  });
});
