import { fail, pass, skip } from "../../model/results.ts";
import { ingressControllerOf, plainHttpOf } from "../../engines/tls/ingress-http.ts";
import { ingressesOf } from "../../engines/tls/tls-secrets.ts";
import type { Check } from "../check.ts";

const id = "ingress-https-redirect";

export const ingressHttpsRedirect: Check = {
  id,
  title: "Ingresses do not serve plain HTTP (redirect to HTTPS)",
  pillar: "edge",
  severity: "medium",
  scope: "cluster",
  reads: ["Ingress", "IngressClass", "FrontendConfig"],
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
    "A listener on port 80 lets a first request, cookies included, travel in clear text and be downgraded by anyone on the path. Judged for ingress-nginx, AWS ALB, GCE and Traefik.",
  evaluate: ({ inventory }) =>
    ingressesOf(inventory).map((entry) => {
      const controller = ingressControllerOf(inventory, entry);
      if (controller === undefined) {
        return skip(
          id,
          entry.ref,
          "Ingress controller unknown: its HTTP behaviour cannot be judged",
        );
      }
      const verdict = plainHttpOf(inventory, controller, entry);
      if (verdict === undefined) {
        return skip(
          id,
          entry.ref,
          `Ingress controller ${controller}: its HTTP behaviour is not modelled`,
        );
      }
      return verdict.allowsHttp
        ? fail(id, entry.ref, verdict.reason, { controller })
        : pass(id, entry.ref, verdict.reason, { controller });
    }),
};
