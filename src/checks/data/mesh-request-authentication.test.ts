import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { meshRequestAuthentication } from "./mesh-request-authentication.ts";

const V1 = "security.istio.io/v1";
const web = { matchLabels: { app: "web" } };
const requestAuth: KubeObject = {
  apiVersion: V1,
  kind: "RequestAuthentication",
  metadata: { name: "jwt", namespace: "shop" },
  spec: { selector: web, jwtRules: [{ issuer: "https://issuer.example.com" }] },
};
function policy(name: string, spec: Record<string, unknown>, namespace = "shop"): KubeObject {
  return { apiVersion: V1, kind: "AuthorizationPolicy", metadata: { name, namespace }, spec };
}
const requirePrincipal = { rules: [{ from: [{ source: { requestPrincipals: ["*"] } }] }] };
const evaluate = (...objects: KubeObject[]) =>
  meshRequestAuthentication.evaluate(contextOf([requestAuth, ...objects]));

describe("mesh-request-authentication", () => {
  it("fails a RequestAuthentication alone: requests without a token pass", () => {
    expect(evaluate()[0]).toMatchObject({
      status: "fail",
      message: "No AuthorizationPolicy requires a token: requests without one pass",
    });
  });

  it("passes an ALLOW policy on the same workloads that requires a principal", () => {
    expect(evaluate(policy("require", { selector: web, ...requirePrincipal }))[0]?.status).toBe(
      "pass",
    );
    expect(evaluate(policy("ns-wide", requirePrincipal))[0]?.status).toBe("pass");
    expect(
      evaluate(
        policy("claims", {
          rules: [{ when: [{ key: "request.auth.claims[groups]", values: ["admin"] }] }],
        }),
      )[0]?.status,
    ).toBe("pass");
  });

  it("passes a DENY policy for requests without a principal, mesh-wide from the root namespace", () => {
    const deny = policy(
      "deny",
      { action: "DENY", rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }] },
      "istio-system",
    );
    expect(evaluate(deny)[0]?.status).toBe("pass");
  });

  it("fails when another ALLOW policy admits anonymous requests", () => {
    const [result] = evaluate(
      policy("require", { selector: web, ...requirePrincipal }),
      policy("open", { rules: [{}] }),
    );
    expect(result).toMatchObject({ status: "fail", evidence: { policies: ["shop/open"] } });
  });

  it("fails a rule whose second source needs no principal", () => {
    const mixed = {
      rules: [
        { from: [{ source: { requestPrincipals: ["*"] } }, { source: { namespaces: ["shop"] } }] },
      ],
    };
    expect(evaluate(policy("mixed", mixed))[0]?.status).toBe("fail");
  });

  it("ignores policies for other workloads or namespaces", () => {
    expect(
      evaluate(
        policy("other", { selector: { matchLabels: { app: "db" } }, ...requirePrincipal }),
      )[0]?.status,
    ).toBe("fail");
    expect(evaluate(policy("elsewhere", requirePrincipal, "other"))[0]?.status).toBe("fail");
  });
});
