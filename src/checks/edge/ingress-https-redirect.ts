import { objectsAt, stringAt } from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import { fail, pass, skip } from "../../model/results.ts";
import { ingressesOf } from "../../engines/tls/tls-secrets.ts";
import type { Check } from "../check.ts";

const id = "ingress-https-redirect";

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

export const ingressHttpsRedirect: Check = {
  id,
  title: "Ingresses do not serve plain HTTP (redirect to HTTPS)",
  pillar: "edge",
  severity: "medium",
  scope: "cluster",
  frameworks: {
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    'Redirect HTTP to HTTPS: ingress-nginx `force-ssl-redirect`, ALB `ssl-redirect`, GCE `kubernetes.io/ingress.allow-http: "false"`, Traefik `router.entrypoints: websecure`.',
  description:
    "A listener on port 80 lets a first request, cookies included, travel in clear text and be downgraded by anyone on the path.",
  evaluate: ({ inventory }) => ingressesOf(inventory).map((entry) => judge(inventory, entry)),
};

function judge(inventory: Inventory, entry: InventoryEntry) {
  const annotations = entry.object.metadata.annotations ?? {};
  const hasTls = objectsAt(entry.object, "spec", "tls").length > 0;
  const controller = controllerOf(inventory, entry);
  const a = (key: string) => annotations[key];
  switch (controller) {
    case "nginx":
      // ingress-nginx redirects by default once a host has TLS; force-ssl-redirect does it without.
      if (a("nginx.ingress.kubernetes.io/force-ssl-redirect") === "true")
        return ok("force-ssl-redirect");
      if (!hasTls) return bad("ingress-nginx serves HTTP: no TLS and no force-ssl-redirect");
      if (a("nginx.ingress.kubernetes.io/ssl-redirect") === "false")
        return bad('ssl-redirect is "false"');
      return ok(
        "ingress-nginx redirects TLS hosts by default (unless its ConfigMap turns ssl-redirect off)",
      );
    case "gce":
      // GCE load balancers listen on HTTP unless told otherwise.
      return a("kubernetes.io/ingress.allow-http") === "false"
        ? ok('kubernetes.io/ingress.allow-http is "false"')
        : bad(
            'GCE Ingress serves HTTP (set kubernetes.io/ingress.allow-http: "false" or a FrontendConfig redirect)',
          );
    case "alb": {
      if (a("alb.ingress.kubernetes.io/ssl-redirect") !== undefined)
        return ok("alb ssl-redirect is set");
      const ports = a("alb.ingress.kubernetes.io/listen-ports");
      // Without listen-ports the ALB listens on HTTPS:443 when a certificate is configured, else HTTP:80.
      const http =
        ports === undefined
          ? a("alb.ingress.kubernetes.io/certificate-arn") === undefined && !hasTls
          : /"HTTP"\s*:/.test(ports);
      return http
        ? bad("ALB listens on HTTP without ssl-redirect")
        : ok("ALB listens on HTTPS only");
    }
    case "traefik": {
      const entrypoints = (a("traefik.ingress.kubernetes.io/router.entrypoints") ?? "")
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
      return entrypoints.length > 0 && !entrypoints.includes("web")
        ? ok(`Traefik entrypoints: ${entrypoints.join(", ")}`)
        : bad(
            "Traefik routes on every entrypoint, HTTP included, unless the web entrypoint redirects globally",
          );
    }
    case undefined:
      return skip(id, entry.ref, "Ingress controller unknown: its HTTP behaviour cannot be judged");
    default:
      return skip(
        id,
        entry.ref,
        `Ingress controller ${controller}: its HTTP behaviour is not modelled`,
      );
  }

  function ok(why: string) {
    return pass(id, entry.ref, why, { controller });
  }
  function bad(why: string) {
    return fail(id, entry.ref, why, { controller });
  }
}

/** The controller behind an Ingress: its IngressClass's `spec.controller`, else the class name. */
function controllerOf(inventory: Inventory, entry: InventoryEntry): string | undefined {
  const className =
    stringAt(entry.object, "spec", "ingressClassName") ??
    entry.object.metadata.annotations?.["kubernetes.io/ingress.class"];
  const classes = inventory.ofKind("IngressClass", "networking.k8s.io");
  const ingressClass =
    className === undefined
      ? classes.find(
          (item) =>
            item.object.metadata.annotations?.["ingressclass.kubernetes.io/is-default-class"] ===
            "true",
        )
      : classes.find((item) => item.object.metadata.name === className);
  const name =
    ingressClass === undefined ? className : stringAt(ingressClass.object, "spec", "controller");
  return name === undefined ? undefined : (CONTROLLERS[name] ?? name);
}
