import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { readOnlyRootFilesystem } from "./read-only-root-filesystem.ts";

const ro = (value: boolean) => ({ securityContext: { readOnlyRootFilesystem: value } });

describe("read-only-root-filesystem", () => {
  it("passes when every container's root file system is read-only", () => {
    const [result] = readOnlyRootFilesystem.evaluate(
      contextOf([
        pod("a", {
          initContainers: [{ name: "i", ...ro(true) }],
          containers: [{ name: "c", ...ro(true) }],
        }),
      ]),
    );
    expect(result?.status).toBe("pass");
  });

  it("fails unset and false, naming containers and fields", () => {
    const [result] = readOnlyRootFilesystem.evaluate(
      contextOf([
        pod("a", {
          containers: [{ name: "c", ...ro(false) }, { name: "d" }, { name: "e", ...ro(true) }],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      { container: "c", field: "spec.containers[0].securityContext.readOnlyRootFilesystem" },
      { container: "d", field: "spec.containers[1].securityContext.readOnlyRootFilesystem" },
    ]);
  });
});

describe("read-only-root-filesystem on Windows", () => {
  it("skips Windows pods, which cannot set the field", () => {
    const [result] = readOnlyRootFilesystem.evaluate(
      contextOf([pod("w", { os: { name: "windows" }, containers: [{ name: "c" }] })]),
    );
    expect(result?.status).toBe("skip");
  });
});
