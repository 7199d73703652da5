import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { imageTagNotLatest } from "./image-tag-not-latest.ts";

function statusOf(image: string): string | undefined {
  return imageTagNotLatest.evaluate(
    contextOf([pod("a", { containers: [{ name: "c", image }] })]),
  )[0]?.status;
}

describe("image-tag-not-latest", () => {
  it("passes a version tag and a digest (even with :latest in front)", () => {
    expect(statusOf("nginx:1.27.3")).toBe("pass");
    expect(statusOf(`nginx:latest@sha256:${"a".repeat(64)}`)).toBe("pass");
  });

  it("fails :latest, a missing tag, and a registry port mistaken for a tag", () => {
    expect(statusOf("nginx:latest")).toBe("fail");
    expect(statusOf("nginx")).toBe("fail");
    expect(statusOf("registry:5000/team/app")).toBe("fail");
  });
});
