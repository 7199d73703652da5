import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { serviceLoadBalancer } from "./service-load-balancer.ts";

function service(
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "svc", namespace: "shop", annotations },
    spec,
  };
}
const evaluate = (object: KubeObject) => serviceLoadBalancer.evaluate(contextOf([object]))[0];

describe("service-load-balancer", () => {
  it("passes Services that are not load balancers", () => {
    expect(evaluate(service({}))?.status).toBe("pass");
    expect(evaluate(service({ type: "NodePort" }))?.status).toBe("pass");
  });

  it("fails a public load balancer open to any source", () => {
    expect(evaluate(service({ type: "LoadBalancer" }))).toMatchObject({
      status: "fail",
      message: "Public load balancer open to any source",
    });
    expect(
      evaluate(
        service({ type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8", "0.0.0.0/0"] }),
      )?.status,
    ).toBe("fail");
  });

  it("passes restricted source ranges, from the field or the annotation", () => {
    expect(
      evaluate(service({ type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24"] }))
        ?.status,
    ).toBe("pass");
    expect(
      evaluate(
        service(
          { type: "LoadBalancer" },
          {
            "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8, 192.168.0.0/16",
          },
        ),
      )?.status,
    ).toBe("pass");
  });

  it("passes internal load balancers by provider annotation", () => {
    expect(
      evaluate(
        service({ type: "LoadBalancer" }, { "networking.gke.io/load-balancer-type": "Internal" }),
      )?.status,
    ).toBe("pass");
    expect(
      evaluate(
        service(
          { type: "LoadBalancer" },
          { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" },
        ),
      )?.status,
    ).toBe("pass");
    expect(
      evaluate(
        service(
          { type: "LoadBalancer" },
          { "service.beta.kubernetes.io/azure-load-balancer-internal": "false" },
        ),
      )?.status,
    ).toBe("fail");
  });
});
