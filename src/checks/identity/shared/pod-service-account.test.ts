import { describe, expect, it } from "vitest";
import { inventoryOf, pod } from "../../../../test/helpers/inventory.ts";
import { serviceAccountNameOf } from "./pod-service-account.ts";

function nameOf(spec: Record<string, unknown>): string {
  const [view] = inventoryOf(pod("a", spec)).pods;
  if (view === undefined) throw new Error("no pod");
  return serviceAccountNameOf(view);
}

describe("serviceAccountNameOf", () => {
  it("reads serviceAccountName, then the deprecated serviceAccount", () => {
    expect(nameOf({ serviceAccountName: "web", serviceAccount: "old" })).toBe("web");
    expect(nameOf({ serviceAccount: "old" })).toBe("old");
    expect(nameOf({ serviceAccountName: "", serviceAccount: "old" })).toBe("old");
  });

  it("defaults an absent or empty name to default", () => {
    expect(nameOf({})).toBe("default");
    expect(nameOf({ serviceAccountName: "", serviceAccount: "" })).toBe("default");
  });
});
