// Whether an Ingress also serves plain HTTP depends on its controller and that controller's
// annotations. What each controller does by default, from its documentation.
import { booleanAt, objectsAt, stringAt } from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";

// IngressClass `spec.controller` values, and the class names these controllers use by default.
const CONTROLLERS: Readonly<Record<string, string>> = {
  "k8s.io/ingress-nginx": "nginx",
  "ingress.k8s.aws/alb": "alb",
  "traefik.io/ingress-controller": "traefik",
  nginx: "nginx",
  alb: "alb",
  traefik: "traefik",
  gce: "gce",
  "gce-internal": "gce",
};

export interface PlainHttpVerdict {
  readonly controller: string;
  readonly allowsHttp: boolean;
  readonly reason: string;
}

/** The controller behind an Ingress: its IngressClass's `spec.controller`, else the class name. */
export function ingressControllerOf(
  inventory: Inventory,
  ingress: InventoryEntry,
): string | undefined {
  const className =
    stringAt(ingress.object, "spec", "ingressClassName") ??
    ingress.object.metadata.annotations?.["kubernetes.io/ingress.class"];
  const classes = inventory.ofKind("IngressClass", "networking.k8s.io");
  const isDefault = (item: InventoryEntry) =>
    item.object.metadata.annotations?.["ingressclass.kubernetes.io/is-default-class"] === "true";
  const ingressClass =
    className === undefined
      ? classes.find(isDefault)
      : classes.find((item) => item.object.metadata.name === className);
  const name =
    ingressClass === undefined ? className : stringAt(ingressClass.object, "spec", "controller");
  return name === undefined ? undefined : (CONTROLLERS[name] ?? name);
}

/** Whether the Ingress serves plain HTTP; undefined when its controller is not modelled. */
export function plainHttpOf(
  inventory: Inventory,
  controller: string,
  ingress: InventoryEntry,
): PlainHttpVerdict | undefined {
  const a = (key: string) => ingress.object.metadata.annotations?.[key];
  const hasTls = objectsAt(ingress.object, "spec", "tls").length > 0;
  const verdict = (allowsHttp: boolean, reason: string) => ({ controller, allowsHttp, reason });
  switch (controller) {
    case "nginx":
      // ingress-nginx redirects TLS hosts by default; force-ssl-redirect redirects without TLS.
      if (a("nginx.ingress.kubernetes.io/force-ssl-redirect") === "true")
        return verdict(false, "force-ssl-redirect");
      if (!hasTls)
        return verdict(true, "ingress-nginx serves HTTP: no TLS and no force-ssl-redirect");
      if (a("nginx.ingress.kubernetes.io/ssl-redirect") === "false")
        return verdict(true, 'ssl-redirect is "false"');
      return verdict(
        false,
        "ingress-nginx redirects TLS hosts by default (unless its ConfigMap turns ssl-redirect off)",
      );
    case "gce": {
      // GCE load balancers listen on HTTP unless told otherwise, or redirect via a FrontendConfig.
      if (a("kubernetes.io/ingress.allow-http") === "false") {
        return verdict(false, 'kubernetes.io/ingress.allow-http is "false"');
      }
      const frontend = a("networking.gke.io/v1beta1.FrontendConfig");
      const config =
        frontend === undefined
          ? undefined
          : inventory.get("FrontendConfig", ingress.namespace, frontend, "networking.gke.io");
      return booleanAt(config?.object, "spec", "redirectToHttps", "enabled") === true
        ? verdict(false, `FrontendConfig ${frontend ?? ""} redirects to HTTPS`)
        : verdict(
            true,
            'GCE Ingress serves HTTP (set kubernetes.io/ingress.allow-http: "false" or a FrontendConfig redirect)',
          );
    }
    case "alb": {
      if (a("alb.ingress.kubernetes.io/ssl-redirect") !== undefined)
        return verdict(false, "alb ssl-redirect is set");
      const ports = a("alb.ingress.kubernetes.io/listen-ports");
      // Without listen-ports the ALB listens on HTTPS:443 when certificate-arn is set, else on
      // HTTP:80 (certificates discovered from spec.tls still need listen-ports to get HTTPS).
      const http =
        ports === undefined
          ? a("alb.ingress.kubernetes.io/certificate-arn") === undefined
          : /"HTTP"\s*:/.test(ports); // a listen-ports entry keyed "HTTP" (not "HTTPS")
      return http
        ? verdict(true, "ALB listens on HTTP without ssl-redirect")
        : verdict(false, "ALB listens on HTTPS only");
    }
    case "traefik": {
      const entrypoints = (a("traefik.ingress.kubernetes.io/router.entrypoints") ?? "")
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
      return entrypoints.length > 0 && !entrypoints.includes("web")
        ? verdict(false, `Traefik entrypoints: ${entrypoints.join(", ")}`)
        : verdict(
            true,
            "Traefik routes on every entrypoint, HTTP included, unless the web entrypoint redirects globally",
          );
    }
    default:
      return undefined;
  }
}
