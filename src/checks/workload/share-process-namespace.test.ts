import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { shareProcessNamespace } from "./share-process-namespace.ts";

describe("share-process-namespace", () => {
  it("passes unset and false, fails true", () => {
    const results = shareProcessNamespace.evaluate(
      contextOf([
        pod("a", {}),
        pod("b", { shareProcessNamespace: false }),
        pod("c", { shareProcessNamespace: true }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass", "fail"]);
  });
});
