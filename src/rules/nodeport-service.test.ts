import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { nodeportService } from "./nodeport-service.ts";

describe("nodeport-service", () => {
  it("fires on a NodePort Service", () => {
    expect(nodeportService.match(write("services", { spec: { type: "NodePort" } }))).toBeDefined();
  });
  it("stays quiet on a ClusterIP Service", () => {
    expect(
      nodeportService.match(write("services", { spec: { type: "ClusterIP" } })),
    ).toBeUndefined();
  });
});
