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
  it("passes ClusterIP (also by default) and a LoadBalancer that allocates no node port", () => {
    const results = serviceNodePort.evaluate(
      contextOf([
        service({}),
        service(
          { type: "LoadBalancer", allocateLoadBalancerNodePorts: false, ports: [{ port: 443 }] },
          "lb",
        ),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it("fails a LoadBalancer that allocates node ports, by default or by naming one", () => {
    const results = serviceNodePort.evaluate(
      contextOf([
        service({ type: "LoadBalancer", ports: [{ port: 443 }] }, "default-allocation"),
        service(
          {
            type: "LoadBalancer",
            allocateLoadBalancerNodePorts: false,
            ports: [{ port: 443, nodePort: 31443 }, { port: 80 }],
          },
          "named",
        ),
      ]),
    );
    expect(results.map((result) => [result.status, result.evidence])).toEqual([
      ["fail", { nodePorts: ["auto"] }],
      ["fail", { nodePorts: [31443] }],
    ]);
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
