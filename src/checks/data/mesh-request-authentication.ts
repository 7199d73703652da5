import { fail, pass } from "../../model/results.ts";
import { ISTIO_SECURITY_GROUP, tokenEnforcementOf } from "../../engines/tls/mesh-policies.ts";
import type { Check } from "../check.ts";

const id = "mesh-request-authentication";

export const meshRequestAuthentication: Check = {
  id,
  title: "RequestAuthentications are enforced by an AuthorizationPolicy that requires a token",
  pillar: "data",
  severity: "high",
  scope: "cluster",
  reads: ["RequestAuthentication", "AuthorizationPolicy"],
  frameworks: {
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Authentication"],
    hipaa: ["164.312(d)"],
    "pci-dss": ["8.3.1"],
    soc2: ["CC6.1"],
  },
  remediation:
    'Add an AuthorizationPolicy for the same workloads that allows only `from.source.requestPrincipals: ["*"]` (or denies `notRequestPrincipals: ["*"]`).',
  description:
    "A RequestAuthentication only rejects invalid tokens: a request with no token at all is let through unless an AuthorizationPolicy requires a request principal.",
  evaluate: ({ inventory }) =>
    inventory.ofKind("RequestAuthentication", ISTIO_SECURITY_GROUP).map((entry) => {
      const { denying, allowing, open } = tokenEnforcementOf(inventory, entry);
      if (denying.length > 0) {
        return pass(id, entry.ref, `Requests without a token denied by ${denying.join(", ")}`);
      }
      if (allowing.length > 0 && open.length === 0) {
        return pass(id, entry.ref, `Only token holders allowed by ${allowing.join(", ")}`);
      }
      return fail(
        id,
        entry.ref,
        open.length > 0
          ? `AuthorizationPolicy ${open.join(", ")} allows requests without a token`
          : "No AuthorizationPolicy requires a token: requests without one pass",
        { policies: open },
      );
    }),
};
