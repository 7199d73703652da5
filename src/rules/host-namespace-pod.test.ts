import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { hostNamespacePod } from "./host-namespace-pod.ts";

describe("host-namespace-pod", () => {
  it("fires on a pod with hostNetwork and hostPID", () => {
    const hit = hostNamespacePod.match(
      write("pods", { spec: { hostNetwork: true, hostPID: true, containers: [] } }),
    );
    expect(hit?.evidence).toEqual({ fields: ["hostNetwork", "hostPID"] });
  });
  it("stays quiet on a pod without host namespaces", () => {
    expect(
      hostNamespacePod.match(write("pods", { spec: { hostNetwork: false, containers: [] } })),
    ).toBeUndefined();
  });
});
