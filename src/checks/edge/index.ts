import type { Check } from "../check.ts";
import { gatewayCertificates } from "./gateway-certificates.ts";
import { gatewayHttpListeners } from "./gateway-http-listeners.ts";
import { ingressCertificateHosts } from "./ingress-certificate-hosts.ts";
import { ingressCertificateKey } from "./ingress-certificate-key.ts";
import { ingressCertificateValidity } from "./ingress-certificate-validity.ts";
import { ingressHttpsRedirect } from "./ingress-https-redirect.ts";
import { ingressTls } from "./ingress-tls.ts";
import { ingressTlsSecret } from "./ingress-tls-secret.ts";
import { serviceExternalIps } from "./service-external-ips.ts";
import { serviceLoadBalancer } from "./service-load-balancer.ts";
import { serviceNodePort } from "./service-node-port.ts";
import { workloadEgressRestricted } from "./workload-egress-restricted.ts";

export const edgeChecks: readonly Check[] = [
  ingressTls,
  ingressTlsSecret,
  ingressCertificateValidity,
  ingressCertificateKey,
  ingressCertificateHosts,
  ingressHttpsRedirect,
  gatewayHttpListeners,
  gatewayCertificates,
  serviceLoadBalancer,
  serviceNodePort,
  serviceExternalIps,
  workloadEgressRestricted,
];
