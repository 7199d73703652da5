import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { capabilitiesBaseline } from "./capabilities-baseline.ts";

const adding = (...add: string[]) => ({ securityContext: { capabilities: { add } } });

describe("capabilities-baseline", () => {
  it("passes no added capabilities and the runtime's default set", () => {
    const results = capabilitiesBaseline.evaluate(
      contextOf([
        pod("a", { containers: [{ name: "c" }] }),
        pod("b", { containers: [{ name: "c", ...adding("NET_BIND_SERVICE", "CHOWN", "KILL") }] }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it("fails NET_RAW and SYS_ADMIN, naming the container and only the forbidden ones", () => {
    const [result] = capabilitiesBaseline.evaluate(
      contextOf([
        pod("a", { initContainers: [{ name: "i", ...adding("CHOWN", "NET_RAW", "SYS_ADMIN") }] }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      {
        container: "i",
        field: "spec.initContainers[0].securityContext.capabilities.add",
        value: ["NET_RAW", "SYS_ADMIN"],
      },
    ]);
  });

  it("is case-sensitive, as the admission controller is", () => {
    const [result] = capabilitiesBaseline.evaluate(
      contextOf([pod("a", { ephemeralContainers: [{ name: "e", ...adding("chown") }] })]),
    );
    expect(result?.status).toBe("fail");
  });
});
