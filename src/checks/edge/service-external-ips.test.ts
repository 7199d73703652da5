import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { serviceExternalIps } from "./service-external-ips.ts";

const service = (spec: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "svc", namespace: "shop" },
  spec,
});

describe("service-external-ips", () => {
  it("passes a Service without externalIPs, or with an empty list", () => {
    const results = serviceExternalIps.evaluate(
      contextOf([
        service({}),
        { ...service({ externalIPs: [] }), metadata: { name: "b", namespace: "shop" } },
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it("fails a Service with externalIPs", () => {
    const [result] = serviceExternalIps.evaluate(
      contextOf([service({ externalIPs: ["198.51.100.7"] })]),
    );
    expect(result).toMatchObject({ status: "fail", evidence: { externalIPs: ["198.51.100.7"] } });
  });
});
