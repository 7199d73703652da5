import { objectsAt, stringAt } from "../../model/fields.ts";
import { fail, pass, skip } from "../../model/results.ts";
import { GATEWAY_GROUP } from "../../engines/tls/gateway-routes.ts";
import { hostCoverage } from "../../engines/tls/host-coverage.ts";
import { keyStrengthOf } from "../../engines/tls/key-strength.ts";
import { lookupTlsSecret } from "../../engines/tls/tls-secrets.ts";
import { validityOf } from "../../engines/tls/validity.ts";
import type { Check } from "../check.ts";

const id = "gateway-certificates";

export const gatewayCertificates: Check = {
  id,
  title:
    "Gateway listener certificates are valid beyond 30 days, strong, and name the listener host",
  pillar: "edge",
  severity: "high",
  scope: "cluster",
  reads: ["Gateway", "Secret"],
  frameworks: {
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Renew or reissue the Secret of `listeners[].tls.certificateRefs`: not expiring within 30 days, RSA >= 2048 or EC >= 256 bits, with a SAN for the listener's hostname.",
  description:
    "What the ingress certificate controls check, for Gateway API listeners that terminate TLS.",
  evaluate: ({ inventory, now }) =>
    inventory.ofKind("Gateway", GATEWAY_GROUP).flatMap((gateway) => {
      const problems: string[] = [];
      let read = 0;
      for (const listener of objectsAt(gateway.object, "spec", "listeners")) {
        if (stringAt(listener, "tls", "mode") === "Passthrough") continue;
        const hostname = stringAt(listener, "hostname");
        for (const ref of objectsAt(listener, "tls", "certificateRefs")) {
          if (
            (stringAt(ref, "kind") ?? "Secret") !== "Secret" ||
            (stringAt(ref, "group") ?? "") !== ""
          )
            continue;
          const name = stringAt(ref, "name");
          const lookup = lookupTlsSecret(
            inventory,
            stringAt(ref, "namespace") ?? gateway.namespace,
            name,
          );
          const leaf = lookup.state === "parsed" ? lookup.certificates[0] : undefined;
          if (leaf === undefined) continue;
          read += 1;
          const at = `${stringAt(listener, "name") ?? "?"} (Secret ${name ?? "?"})`;
          const validity = validityOf(leaf, now);
          if (validity.state !== "valid")
            problems.push(`${at}: ${describe(validity, leaf.notBefore)}`);
          const key = keyStrengthOf(leaf);
          if (key.isWeak) problems.push(`${at}: weak key ${key.description}`);
          if (hostname !== undefined && !hostCoverage(leaf, hostname).isCovered) {
            problems.push(`${at}: ${hostname} not covered`);
          }
        }
      }
      if (problems.length > 0) return [fail(id, gateway.ref, problems.join("; "), { problems })];
      if (read > 0)
        return [pass(id, gateway.ref, `${read} certificates valid, strong and matching`)];
      const terminates = objectsAt(gateway.object, "spec", "listeners").some(
        (listener) => objectsAt(listener, "tls", "certificateRefs").length > 0,
      );
      return terminates
        ? [skip(id, gateway.ref, "No listener certificate could be read from the input")]
        : [];
    }),
};

function describe({ state, daysLeft }: ReturnType<typeof validityOf>, notBefore: Date): string {
  if (state === "expired") return `certificate expired ${-daysLeft} days ago`;
  if (state === "not-yet-valid") return `certificate not valid before ${notBefore.toISOString()}`;
  return `certificate expires in ${daysLeft} days`;
}
