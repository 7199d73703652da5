import { describe, expect, it } from "vitest";
import { inventoryOf, pod } from "../../test/helpers/inventory.ts";
import { procMountViolations } from "./pss-proc-mount.ts";

function violationsOf(spec: Record<string, unknown>) {
  const [view] = inventoryOf(pod("a", spec)).pods;
  if (view === undefined) throw new Error("no pod");
  return procMountViolations(view);
}

const procMount = (value: string) => ({ securityContext: { procMount: value } });

describe("procMountViolations", () => {
  it("allows unset and Default in every kind of container", () => {
    expect(
      violationsOf({
        initContainers: [{ name: "i", ...procMount("Default") }],
        containers: [{ name: "c" }],
        ephemeralContainers: [{ name: "e", ...procMount("Default") }],
      }),
    ).toEqual([]);
  });

  it("names each container that sets another value, whatever the pod's user namespace", () => {
    expect(
      violationsOf({
        hostUsers: false,
        containers: [{ name: "c", ...procMount("Unmasked") }, { name: "d" }],
        ephemeralContainers: [{ name: "e", ...procMount("Other") }],
      }),
    ).toEqual([
      { container: "c", field: "spec.containers[0].securityContext.procMount", value: "Unmasked" },
      {
        container: "e",
        field: "spec.ephemeralContainers[0].securityContext.procMount",
        value: "Other",
      },
    ]);
  });
});
