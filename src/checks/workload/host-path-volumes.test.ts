import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { hostPathVolumes } from "./host-path-volumes.ts";

describe("host-path-volumes", () => {
  it("passes pods without hostPath volumes (a null hostPath is unset)", () => {
    const results = hostPathVolumes.evaluate(
      contextOf([
        pod("a", { volumes: [{ name: "tmp", emptyDir: {} }] }),
        pod("b", { volumes: [{ name: "cfg", configMap: { name: "x" }, hostPath: null }] }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it("fails a hostPath volume and names it", () => {
    const [result] = hostPathVolumes.evaluate(
      contextOf([
        pod("a", {
          volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "sock", hostPath: { path: "/var/run/docker.sock" } },
          ],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      {
        field: "spec.volumes[1].hostPath",
        value: { volume: "sock", path: "/var/run/docker.sock" },
      },
    ]);
  });
});
