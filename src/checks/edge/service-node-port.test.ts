import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { serviceNodePort } from "./service-node-port.ts";

const service = (spec: Record<string, unknown>, name = "svc") => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "shop" },
  spec,
});

describe("service-node-port", () => {
  it("passes ClusterIP (also by default) and LoadBalancer Services", () => {
    const results = serviceNodePort.evaluate(
      contextOf([service({}), service({ type: "LoadBalancer" }, "lb")]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it("fails a NodePort Service and lists its node ports", () => {
    const [result] = serviceNodePort.evaluate(
      contextOf([
        service({ type: "NodePort", ports: [{ port: 80, nodePort: 30080 }, { port: 443 }] }),
      ]),
    );
    expect(result).toMatchObject({ status: "fail", evidence: { nodePorts: [30080, "auto"] } });
  });

  it("ignores objects named Service in other API groups", () => {
    expect(
      serviceNodePort.evaluate(
        contextOf([{ ...service({ type: "NodePort" }), apiVersion: "serving.knative.dev/v1" }]),
      ),
    ).toEqual([]);
  });
});
