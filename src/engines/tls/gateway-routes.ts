// Which HTTPRoutes attach to a Gateway listener, by the Gateway API's attachment rules:
// parentRefs (group, kind, name, namespace, sectionName, port) and the listener's allowedRoutes.
import { numberAt, objectAt, objectsAt, stringAt, type JsonObject } from "../../model/fields.ts";
import type { Inventory, InventoryEntry } from "../../model/inventory.ts";
import { matchesSelector, parseLabelSelector } from "../label-selector.ts";

export const GATEWAY_GROUP = "gateway.networking.k8s.io";
const GROUP = GATEWAY_GROUP;

/** HTTPRoutes whose parentRefs attach to this listener and that the listener allows. */
export function attachedRoutes(
  inventory: Inventory,
  gateway: InventoryEntry,
  listener: JsonObject,
): InventoryEntry[] {
  const from = stringAt(listener, "allowedRoutes", "namespaces", "from") ?? "Same";
  const selector = parseLabelSelector(
    objectAt(listener, "allowedRoutes", "namespaces", "selector"),
  );
  const allowsNamespace = (namespace: string | undefined): boolean => {
    if (from === "All") return true;
    if (from === "Same") return namespace === gateway.namespace;
    const labels =
      inventory.get("Namespace", undefined, namespace ?? "")?.object.metadata.labels ?? {};
    return from === "Selector" && selector.ok && matchesSelector(selector.selector, labels);
  };
  return inventory
    .ofKind("HTTPRoute", GROUP)
    .filter(
      (route) =>
        allowsNamespace(route.namespace) &&
        objectsAt(route.object, "spec", "parentRefs").some(
          (ref) =>
            (stringAt(ref, "group") ?? GROUP) === GROUP &&
            (stringAt(ref, "kind") ?? "Gateway") === "Gateway" &&
            stringAt(ref, "name") === gateway.object.metadata.name &&
            (stringAt(ref, "namespace") ?? route.namespace) === gateway.namespace &&
            (stringAt(ref, "sectionName") ?? stringAt(listener, "name")) ===
              stringAt(listener, "name") &&
            (numberAt(ref, "port") ?? numberAt(listener, "port")) === numberAt(listener, "port"),
        ),
    );
}
