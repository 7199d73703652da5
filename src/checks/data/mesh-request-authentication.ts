import {
  objectAt,
  objectsAt,
  stringAt,
  stringMapAt,
  stringsAt,
  type JsonObject,
} from "../../model/fields.ts";
import type { InventoryEntry } from "../../model/inventory.ts";
import { fail, pass } from "../../model/results.ts";
import { ISTIO_ROOT_NAMESPACE } from "../../engines/tls/mesh.ts";
import type { Check } from "../check.ts";

const id = "mesh-request-authentication";
const GROUP = "security.istio.io";

export const meshRequestAuthentication: Check = {
  id,
  title: "RequestAuthentications are enforced by an AuthorizationPolicy that requires a token",
  pillar: "data",
  severity: "high",
  scope: "cluster",
  frameworks: {
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Authentication"],
    hipaa: ["164.312(d)"],
    "pci-dss": ["8.2.1"],
    soc2: ["CC6.1"],
  },
  remediation:
    'Add an AuthorizationPolicy for the same workloads that allows only `from.source.requestPrincipals: ["*"]` (or denies `notRequestPrincipals: ["*"]`).',
  description:
    "A RequestAuthentication only rejects invalid tokens: a request with no token at all is let through unless an AuthorizationPolicy requires a request principal.",
  evaluate: ({ inventory }) =>
    inventory.ofKind("RequestAuthentication", GROUP).map((entry) => {
      const labels = stringMapAt(entry.object, "spec", "selector", "matchLabels");
      const applying = inventory
        .ofKind("AuthorizationPolicy", GROUP)
        .filter(
          (policy) =>
            policy.namespace === entry.namespace || policy.namespace === ISTIO_ROOT_NAMESPACE,
        )
        .filter((policy) => coversWorkloads(policy, labels));
      const name = (policy: InventoryEntry) =>
        `${policy.namespace ?? ""}/${policy.object.metadata.name}`;
      const denying = applying.filter(
        (policy) => action(policy) === "DENY" && deniesAnonymous(policy.object),
      );
      const allowing = applying.filter((policy) => action(policy) === "ALLOW");
      // A request is allowed when it matches any ALLOW policy: each must demand a principal.
      const open = allowing.filter((policy) => !allowsOnlyPrincipals(policy.object));
      if (denying.length > 0) {
        return pass(
          id,
          entry.ref,
          `Requests without a token denied by ${denying.map(name).join(", ")}`,
        );
      }
      if (allowing.length > 0 && open.length === 0) {
        return pass(
          id,
          entry.ref,
          `Only token holders allowed by ${allowing.map(name).join(", ")}`,
        );
      }
      return fail(
        id,
        entry.ref,
        open.length > 0
          ? `AuthorizationPolicy ${open.map(name).join(", ")} allows requests without a token`
          : "No AuthorizationPolicy requires a token: requests without one pass",
        { policies: open.map(name) },
      );
    }),
};

// The policy selects every pod the RequestAuthentication selects: namespace- or mesh-wide, or a
// selector whose labels are a subset of the RequestAuthentication's.
function coversWorkloads(
  policy: InventoryEntry,
  labels: Readonly<Record<string, string>>,
): boolean {
  const own = stringMapAt(policy.object, "spec", "selector", "matchLabels");
  if (objectsAt(policy.object, "spec", "targetRefs").length > 0) return false;
  return Object.entries(own).every(([key, value]) => labels[key] === value);
}

function action(policy: InventoryEntry): string {
  return stringAt(policy.object, "spec", "action") ?? "ALLOW";
}

function sources(rule: JsonObject): JsonObject[] {
  return objectsAt(rule, "from").flatMap((from) => {
    const source = objectAt(from, "source");
    return source === undefined ? [] : [source];
  });
}

// Every rule demands a principal (or a JWT claim); an ALLOW policy without rules allows nothing.
function allowsOnlyPrincipals(policy: JsonObject): boolean {
  return objectsAt(policy, "spec", "rules").every(
    (rule) =>
      // `from` entries are ORed: every one must demand a principal.
      (sources(rule).length > 0 &&
        sources(rule).every((source) => stringsAt(source, "requestPrincipals").length > 0)) ||
      objectsAt(rule, "when").some((when) =>
        (stringAt(when, "key") ?? "").startsWith("request.auth."),
      ),
  );
}

function deniesAnonymous(policy: JsonObject): boolean {
  return objectsAt(policy, "spec", "rules").some((rule) =>
    sources(rule).some((source) => stringsAt(source, "notRequestPrincipals").includes("*")),
  );
}
