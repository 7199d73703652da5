import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { volumeTypes } from "./volume-types.ts";

describe("volume-types", () => {
  it("passes every allowed volume type", () => {
    const volumes = [
      "configMap",
      "csi",
      "downwardAPI",
      "emptyDir",
      "ephemeral",
      "image",
      "persistentVolumeClaim",
      "projected",
      "secret",
    ].map((type, index) => ({ name: `v${index}`, [type]: {} }));
    const [result] = volumeTypes.evaluate(contextOf([pod("a", { volumes })]));
    expect(result?.status).toBe("pass");
  });

  it("fails hostPath, nfs and a volume with no source, naming each", () => {
    const [result] = volumeTypes.evaluate(
      contextOf([
        pod("a", {
          volumes: [
            { name: "ok", emptyDir: {} },
            { name: "host", hostPath: { path: "/" } },
            { name: "share", nfs: { server: "nfs", path: "/x" } },
            { name: "nothing" },
            { name: "nulled", secret: null },
          ],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      { field: "spec.volumes[1].hostPath", value: { volume: "host", type: "hostPath" } },
      { field: "spec.volumes[2].nfs", value: { volume: "share", type: "nfs" } },
      { field: "spec.volumes[3]", value: { volume: "nothing", type: "unknown" } },
      { field: "spec.volumes[4]", value: { volume: "nulled", type: "unknown" } },
    ]);
  });
});
