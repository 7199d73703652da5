import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { hostPorts } from "./host-ports.ts";

describe("host-ports", () => {
  it("passes unset and 0 host ports", () => {
    const [result] = hostPorts.evaluate(
      contextOf([
        pod("a", {
          containers: [
            { name: "c", ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }] },
          ],
        }),
      ]),
    );
    expect(result?.status).toBe("pass");
  });

  it("fails a host port on any kind of container, naming port and container", () => {
    const [result] = hostPorts.evaluate(
      contextOf([
        pod("a", {
          containers: [{ name: "c", ports: [{ containerPort: 80 }] }],
          initContainers: [{ name: "i", ports: [{ containerPort: 53, hostPort: 53 }] }],
          ephemeralContainers: [{ name: "e", ports: [{ containerPort: 1, hostPort: 8080 }] }],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toEqual([
      { container: "i", field: "spec.initContainers[0].ports[0].hostPort", value: 53 },
      { container: "e", field: "spec.ephemeralContainers[0].ports[0].hostPort", value: 8080 },
    ]);
  });
});
