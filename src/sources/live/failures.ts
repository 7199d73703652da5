// Messages for the ways reaching a cluster fails, naming the likely cause and where to fix it.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ResolvedKubeconfig } from "./kubeconfig.ts";

/** Node's TLS verification codes meaning "the server's certificate is not from the CA we trust". */
const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
]);

export function describeConnectionError(error: unknown, server: string, origin: string): string {
  const code = (error as { code?: string }).code ?? "";
  const detail = error instanceof Error ? error.message : String(error);
  if (UNTRUSTED.has(code)) {
    return `cannot verify ${server}: its certificate is not signed by the certificate authority in ${origin} (wrong certificate-authority?) [${code}]`;
  }
  if (code === "CERT_HAS_EXPIRED") return `the certificate of ${server} has expired [${code}]`;
  if (code === "CERT_NOT_YET_VALID")
    return `the certificate of ${server} is not valid yet [${code}]`;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return `the certificate of ${server} is not issued for that host name (${detail}) [${code}]`;
  }
  if (code === "ECONNREFUSED") {
    return `cannot connect to ${server}: connection refused (is the API server running, and is the address in ${origin} right?)`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `cannot resolve the host of ${server} (${origin}) [${code}]`;
  }
  if (code === "ETIMEDOUT") return `no answer from ${server} in time [${code}]`;
  if (code === "ECONNRESET" || code === "EPIPE") {
    return `the connection to ${server} kept dropping; gave up after retries [${code}]`;
  }
  return `cannot reach ${server}: ${detail}${code === "" ? "" : ` [${code}]`}`;
}

/** 401: the apiserver authenticated nobody. Say when the client certificate has expired. */
export function describeUnauthorized(resolved: ResolvedKubeconfig): string {
  const user = resolved.config.getCurrentUser();
  const base = `${resolved.cluster.server} rejected the credentials of user "${user?.name ?? "?"}" in ${resolved.origin} (401 Unauthorized)`;
  const expiry = clientCertificateExpiry(user?.certFile, user?.certData);
  if (expiry !== undefined && expiry.getTime() < Date.now()) {
    return `${base}: the client certificate expired on ${expiry.toISOString()}`;
  }
  return `${base}: an expired or untrusted client certificate, or an invalid or expired token`;
}

function clientCertificateExpiry(file?: string, data?: string): Date | undefined {
  try {
    const pem =
      file === undefined
        ? data === undefined
          ? undefined
          : Buffer.from(data, "base64")
        : readFileSync(file);
    return pem === undefined ? undefined : new Date(new X509Certificate(pem).validTo);
  } catch {
    // An unreadable certificate fails earlier, when credentials load; nothing to add here.
    return undefined;
  }
}
