import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { namespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { gatewayHttpListeners } from "./gateway-http-listeners.ts";

const V1 = "gateway.networking.k8s.io/v1";
function gateway(listeners: unknown[]): KubeObject {
  return {
    apiVersion: V1,
    kind: "Gateway",
    metadata: { name: "gw", namespace: "edge" },
    spec: { gatewayClassName: "x", listeners },
  };
}
function route(
  name: string,
  parentRef: Record<string, unknown>,
  rules: unknown[],
  namespace = "edge",
): KubeObject {
  return {
    apiVersion: V1,
    kind: "HTTPRoute",
    metadata: { name, namespace },
    spec: { parentRefs: [{ name: "gw", ...parentRef }], rules },
  };
}
const http = { name: "http", protocol: "HTTP", port: 80 };
const https = {
  name: "https",
  protocol: "HTTPS",
  port: 443,
  tls: { certificateRefs: [{ name: "cert" }] },
};
const redirect = [
  { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
];
const forward = [{ backendRefs: [{ name: "app", port: 8080 }] }];
const evaluate = (...objects: KubeObject[]) => gatewayHttpListeners.evaluate(contextOf(objects));

describe("gateway-http-listeners", () => {
  it("passes a Gateway without HTTP listener, or whose HTTP listener only redirects", () => {
    expect(evaluate(gateway([https]))[0]?.message).toBe("No HTTP listener");
    expect(
      evaluate(
        gateway([http, https]),
        route("redirect", { sectionName: "http" }, redirect),
        route("app", { sectionName: "https" }, forward),
      )[0]?.status,
    ).toBe("pass");
  });

  it("fails a route attached to the HTTP listener that forwards", () => {
    const [result] = evaluate(gateway([http, https]), route("app", {}, forward));
    expect(result).toMatchObject({
      status: "fail",
      evidence: { routes: ["http <- HTTPRoute edge/app"] },
    });
  });

  it("fails a route with no rules (it serves the default match)", () => {
    expect(evaluate(gateway([http]), route("empty", {}, []))[0]?.status).toBe("fail");
  });

  it("honours allowedRoutes: a route from another namespace attaches only when allowed", () => {
    const other = route("app", { namespace: "edge" }, forward, "team");
    expect(evaluate(gateway([http]), other)[0]?.status).toBe("pass");
    expect(
      evaluate(gateway([{ ...http, allowedRoutes: { namespaces: { from: "All" } } }]), other)[0]
        ?.status,
    ).toBe("fail");
    const selector = {
      ...http,
      allowedRoutes: {
        namespaces: { from: "Selector", selector: { matchLabels: { edge: "yes" } } },
      },
    };
    const team = namespace("team", { edge: "yes" });
    expect(evaluate(gateway([selector]), other, team)[0]?.status).toBe("fail");
    expect(evaluate(gateway([selector]), other)[0]?.status).toBe("pass");
  });

  it("matches parentRefs by port and by Gateway name", () => {
    expect(evaluate(gateway([http, https]), route("app", { port: 443 }, forward))[0]?.status).toBe(
      "pass",
    );
    expect(evaluate(gateway([http]), route("app", { name: "other" }, forward))[0]?.status).toBe(
      "pass",
    );
  });
});
