import { describe, expect, it } from "vitest";
import { serviceAccountNameOfSpec } from "./service-account-name.ts";

describe("serviceAccountNameOfSpec", () => {
  it("takes serviceAccountName, then the deprecated serviceAccount, then default", () => {
    expect(serviceAccountNameOfSpec({ serviceAccountName: "api", serviceAccount: "old" })).toBe(
      "api",
    );
    expect(serviceAccountNameOfSpec({ serviceAccount: "old" })).toBe("old");
    expect(serviceAccountNameOfSpec({})).toBe("default");
    expect(serviceAccountNameOfSpec(undefined)).toBe("default");
  });

  it("treats an empty name as absent, as the ServiceAccount admission plugin does", () => {
    expect(serviceAccountNameOfSpec({ serviceAccountName: "" })).toBe("default");
    expect(serviceAccountNameOfSpec({ serviceAccountName: "", serviceAccount: "old" })).toBe("old");
  });
});
