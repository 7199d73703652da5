import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { imageDigest } from "./image-digest.ts";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("image-digest", () => {
  it("passes images pinned by digest, with or without a tag", () => {
    const [result] = imageDigest.evaluate(
      contextOf([
        pod("a", {
          initContainers: [{ name: "i", image: `busybox@${DIGEST}` }],
          containers: [{ name: "c", image: `registry:5000/app:1.2@${DIGEST}` }],
        }),
      ]),
    );
    expect(result?.status).toBe("pass");
  });

  it("fails tagged and untagged images, naming them", () => {
    const [result] = imageDigest.evaluate(
      contextOf([
        pod("a", {
          containers: [
            { name: "c", image: "nginx:1.27" },
            { name: "d", image: `x@${DIGEST}` },
          ],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      { container: "c", field: "spec.containers[0].image", value: "nginx:1.27" },
    ]);
  });
});
