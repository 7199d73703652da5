import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { defaultNamespace } from "./default-namespace.ts";

describe("default-namespace", () => {
  it("fails workloads in default (named or defaulted) and passes others", () => {
    const results = defaultNamespace.evaluate(
      contextOf([
        pod("a", {}, "shop"),
        pod("b", {}),
        {
          apiVersion: "batch/v1",
          kind: "Job",
          metadata: { name: "j" },
          spec: { template: { spec: {} } },
        },
      ]),
    );
    expect(results.map((result) => [result.target.name, result.status])).toEqual([
      ["a", "pass"],
      ["b", "fail"],
      ["j", "fail"],
    ]);
  });
});
