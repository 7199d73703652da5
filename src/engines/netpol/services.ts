import { matchesSelector, parseLabelSelector } from "../label-selector.ts";
import { numberAt, objectAt, objectsAt, stringAt } from "../../model/fields.ts";
import type { Inventory } from "../../model/inventory.ts";
import type { Protocol } from "./conn-set.ts";
import type { PodEndpoint } from "./model.ts";

/** One backend of a Service port, after DNAT: the pod and the port the packet reaches. */
export interface ServiceBackend {
  readonly pod: PodEndpoint;
  /** Undefined when a named targetPort does not resolve on this pod: no traffic reaches it. */
  readonly targetPort: number | undefined;
}

export type ServiceTargets =
  | { readonly ok: true; readonly backends: readonly ServiceBackend[] }
  | { readonly ok: false; readonly error: string };

/**
 * The backends of `namespace/name` on `port`/`protocol`: the pods its selector matches, each
 * with the targetPort resolved by number or by name on that pod (as kube-proxy does).
 */
export function serviceTargets(
  inventory: Inventory,
  pods: readonly PodEndpoint[],
  service: { readonly namespace: string; readonly name: string },
  port: number,
  protocol: Protocol,
): ServiceTargets {
  const entry = inventory.get("Service", service.namespace, service.name, "");
  const label = `Service ${service.namespace}/${service.name}`;
  if (entry === undefined) return { ok: false, error: `${label} is not in the input` };
  const spec = objectAt(entry.object, "spec") ?? {};
  const servicePort = objectsAt(spec, "ports").find(
    (candidate) =>
      numberAt(candidate, "port") === port &&
      (stringAt(candidate, "protocol") ?? "TCP") === protocol,
  );
  if (servicePort === undefined)
    return { ok: false, error: `${label} has no port ${protocol}/${port}` };
  const selectorMap = objectAt(spec, "selector");
  if (selectorMap === undefined || Object.keys(selectorMap).length === 0) {
    return { ok: false, error: `${label} has no selector: its endpoints are managed by hand` };
  }
  const parsed = parseLabelSelector({ matchLabels: selectorMap });
  if (!parsed.ok) return { ok: false, error: `${label}: ${parsed.error}` };
  const target = servicePort["targetPort"];
  const backends = pods
    .filter(
      (pod) => pod.namespace === service.namespace && matchesSelector(parsed.selector, pod.labels),
    )
    .map((pod) => ({ pod, targetPort: resolveTarget(pod, target, port, protocol) }));
  return { ok: true, backends };
}

function resolveTarget(
  pod: PodEndpoint,
  target: unknown,
  port: number,
  protocol: Protocol,
): number | undefined {
  if (target === undefined) return port;
  if (typeof target === "number") return target;
  if (typeof target === "string" && /^\d+$/.test(target)) return Number(target);
  return pod.namedPorts.find((named) => named.name === target && named.protocol === protocol)?.port;
}
