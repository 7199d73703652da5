import { objectsAt, stringAt, type JsonObject } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import { attachedRoutes, GATEWAY_GROUP } from "../../engines/tls/gateway-routes.ts";
import type { Check } from "../check.ts";

const id = "gateway-http-listeners";

export const gatewayHttpListeners: Check = {
  id,
  title: "Gateway HTTP listeners only redirect to HTTPS",
  pillar: "edge",
  severity: "medium",
  scope: "cluster",
  reads: ["Gateway", "HTTPRoute", "Namespace"],
  frameworks: {
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Serve routes on an HTTPS listener; attach to the HTTP listener only an HTTPRoute whose rules use a RequestRedirect filter with `scheme: https`.",
  description: "An HTTPRoute attached to a plain HTTP listener serves its backends in clear text.",
  evaluate: ({ inventory }) =>
    inventory.ofKind("Gateway", GATEWAY_GROUP).map((gateway) => {
      const plain = objectsAt(gateway.object, "spec", "listeners").filter(
        (listener) => stringAt(listener, "protocol") === "HTTP",
      );
      const serving = plain.flatMap((listener) =>
        attachedRoutes(inventory, gateway, listener)
          .filter((route) => !redirectsAll(route.object))
          .map(
            (route) =>
              `${stringAt(listener, "name") ?? "?"} <- HTTPRoute ${route.namespace ?? ""}/${route.object.metadata.name}`,
          ),
      );
      return serving.length === 0
        ? pass(
            id,
            gateway.ref,
            plain.length === 0 ? "No HTTP listener" : "HTTP listeners only redirect to HTTPS",
          )
        : fail(id, gateway.ref, `Routes served over plain HTTP: ${serving.join(", ")}`, {
            routes: serving,
          });
    }),
};

// A route with no rules serves the default match, so it does not only redirect.
function redirectsAll(route: JsonObject): boolean {
  const rules = objectsAt(route, "spec", "rules");
  return (
    rules.length > 0 &&
    rules.every((rule) =>
      objectsAt(rule, "filters").some(
        (filter) =>
          stringAt(filter, "type") === "RequestRedirect" &&
          stringAt(filter, "requestRedirect", "scheme") === "https",
      ),
    )
  );
}
