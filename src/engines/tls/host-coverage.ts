import type { CertificateFacts } from "./certificate.ts";

export interface HostCoverage {
  readonly isCovered: boolean;
  /** The certificate name that covers the host. */
  readonly matchedName?: string;
  /** `san`, or `cn` when the certificate has no DNS SAN (RFC 6125 6.4.4). */
  readonly matchedBy?: "san" | "cn";
}

/**
 * Whether a certificate is valid for `host`, by RFC 6125 section 6.4: DNS SANs when present,
 * else the subject CN; a wildcard only as the whole left-most label, covering exactly one label
 * (`*.example.com` covers `a.example.com`, not `example.com` nor `a.b.example.com`), never
 * partial (`w*.example.com`), never in the last two labels (`*.com`). `host` may itself be an
 * Ingress wildcard host (`*.example.com`): only the same wildcard covers all the names it serves.
 */
export function hostCoverage(
  certificate: Pick<CertificateFacts, "dnsNames" | "commonNames">,
  host: string,
): HostCoverage {
  const matchedBy = certificate.dnsNames.length > 0 ? "san" : "cn";
  const presented = matchedBy === "san" ? certificate.dnsNames : certificate.commonNames;
  const reference = normalize(host);
  const matchedName = presented.find((name) => matchesName(normalize(name), reference));
  return matchedName === undefined
    ? { isCovered: false }
    : { isCovered: true, matchedName, matchedBy };
}

function matchesName(presented: string, reference: string): boolean {
  if (presented === "" || reference === "") return false;
  if (presented === reference) return true;
  if (reference.includes("*")) return false;
  const labels = presented.split(".");
  const [first, ...rest] = labels;
  if (
    first !== "*" ||
    rest.length < 2 ||
    rest.some((label) => label === "" || label.includes("*"))
  ) {
    return false;
  }
  const dot = reference.indexOf(".");
  // The wildcard stands for exactly one non-empty label.
  return dot > 0 && reference.slice(dot + 1) === rest.join(".");
}

// DNS names compare case-insensitively; a trailing dot (absolute name) is the same name.
function normalize(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}
