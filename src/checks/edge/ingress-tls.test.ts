import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { ingressTls } from "./ingress-tls.ts";

function ingress(spec: Record<string, unknown>, apiVersion = "networking.k8s.io/v1"): KubeObject {
  return { apiVersion, kind: "Ingress", metadata: { name: "web", namespace: "shop" }, spec };
}

const rules = (...hosts: (string | undefined)[]) =>
  hosts.map((host) => (host === undefined ? { http: {} } : { host, http: {} }));

describe("ingress-tls", () => {
  it("passes when every rule host has a TLS entry", () => {
    const results = ingressTls.evaluate(
      contextOf([
        ingress({
          rules: rules("a.example.com", "b.example.com"),
          tls: [{ hosts: ["a.example.com", "b.example.com"], secretName: "s" }],
        }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass"]);
  });

  it("fails an Ingress without spec.tls", () => {
    const [result] = ingressTls.evaluate(contextOf([ingress({ rules: rules("a.example.com") })]));
    expect(result).toMatchObject({
      status: "fail",
      target: { kind: "Ingress", namespace: "shop", name: "web" },
    });
  });

  it("names the hosts that have no TLS entry", () => {
    const [result] = ingressTls.evaluate(
      contextOf([
        ingress({
          rules: rules("a.example.com", "b.example.com"),
          tls: [{ hosts: ["a.example.com"], secretName: "s" }],
        }),
      ]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual({ hosts: ["b.example.com"] });
  });

  it("lets a TLS entry without hosts cover host-less rules, and only them", () => {
    const hostless = ingressTls.evaluate(
      contextOf([ingress({ rules: rules(undefined), tls: [{ secretName: "s" }] })]),
    );
    expect(hostless[0]?.status).toBe("pass");
    const [named] = ingressTls.evaluate(
      contextOf([ingress({ rules: rules(undefined), tls: [{ hosts: ["a.example.com"] }] })]),
    );
    expect(named?.evidence).toEqual({ hosts: ["(any host)"] });
  });

  it("reads legacy extensions/v1beta1 Ingresses and ignores other groups", () => {
    const results = ingressTls.evaluate(
      contextOf([
        ingress({ rules: rules("a.example.com") }, "extensions/v1beta1"),
        {
          apiVersion: "example.com/v1",
          kind: "Ingress",
          metadata: { name: "other", namespace: "shop" },
        },
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["fail"]);
  });
});
