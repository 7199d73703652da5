import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { ingressHttpsRedirect } from "./ingress-https-redirect.ts";

function ingress(
  className: string | undefined,
  annotations: Record<string, string> = {},
  tls = true,
): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "web", namespace: "shop", annotations },
    spec: {
      ...(className === undefined ? {} : { ingressClassName: className }),
      ...(tls ? { tls: [{ secretName: "s" }] } : {}),
    },
  };
}
function ingressClass(name: string, controller: string, isDefault = false): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: {
      name,
      annotations: isDefault ? { "ingressclass.kubernetes.io/is-default-class": "true" } : {},
    },
    spec: { controller },
  };
}
const status = (...objects: KubeObject[]) =>
  ingressHttpsRedirect.evaluate(contextOf(objects))[0]?.status;

describe("ingress-https-redirect", () => {
  it("ingress-nginx: passes a TLS Ingress, fails with ssl-redirect false or without TLS", () => {
    expect(status(ingress("nginx"))).toBe("pass");
    expect(status(ingress("nginx", { "nginx.ingress.kubernetes.io/ssl-redirect": "false" }))).toBe(
      "fail",
    );
    expect(status(ingress("nginx", {}, false))).toBe("fail");
    expect(
      status(ingress("nginx", { "nginx.ingress.kubernetes.io/force-ssl-redirect": "true" }, false)),
    ).toBe("pass");
  });

  it("resolves the controller through the IngressClass, and the default class", () => {
    expect(status(ingress("public"), ingressClass("public", "k8s.io/ingress-nginx"))).toBe("pass");
    expect(
      status(ingress(undefined, {}, false), ingressClass("edge", "k8s.io/ingress-nginx", true)),
    ).toBe("fail");
    expect(status(ingress(undefined, { "kubernetes.io/ingress.class": "nginx" }, false))).toBe(
      "fail",
    );
  });

  it("GCE: fails unless allow-http is false", () => {
    expect(status(ingress("gce"))).toBe("fail");
    expect(status(ingress("gce", { "kubernetes.io/ingress.allow-http": "false" }))).toBe("pass");
    const frontend = (enabled: boolean): KubeObject => ({
      apiVersion: "networking.gke.io/v1beta1",
      kind: "FrontendConfig",
      metadata: { name: "redirect", namespace: "shop" },
      spec: { redirectToHttps: { enabled } },
    });
    const annotated = ingress("gce", { "networking.gke.io/v1beta1.FrontendConfig": "redirect" });
    expect(status(annotated, frontend(true))).toBe("pass");
    expect(status(annotated, frontend(false))).toBe("fail");
    expect(status(annotated)).toBe("fail");
  });

  it("ALB: judges listen-ports and ssl-redirect", () => {
    expect(status(ingress("alb", {}, false))).toBe("fail");
    // Certificates discovered from spec.tls do not open an HTTPS listener by themselves.
    expect(status(ingress("alb"))).toBe("fail");
    expect(
      status(
        ingress("alb", { "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:x" }, false),
      ),
    ).toBe("pass");
    expect(
      status(
        ingress("alb", {
          "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
        }),
      ),
    ).toBe("fail");
    expect(
      status(
        ingress("alb", {
          "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
          "alb.ingress.kubernetes.io/ssl-redirect": "443",
        }),
      ),
    ).toBe("pass");
  });

  it("Traefik: passes only entrypoints without web", () => {
    expect(status(ingress("traefik"))).toBe("fail");
    expect(
      status(
        ingress("traefik", { "traefik.ingress.kubernetes.io/router.entrypoints": "websecure" }),
      ),
    ).toBe("pass");
    expect(
      status(
        ingress("traefik", { "traefik.ingress.kubernetes.io/router.entrypoints": "web,websecure" }),
      ),
    ).toBe("fail");
  });

  it("skips controllers it does not model, and Ingresses without a class", () => {
    expect(status(ingress("haproxy"))).toBe("skip");
    expect(status(ingress(undefined))).toBe("skip");
  });
});
