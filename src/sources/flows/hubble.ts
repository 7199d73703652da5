import { isObject, objectAt, stringAt, stringsAt, type JsonObject } from "../../model/fields.ts";
import type { FlowPeer, FlowRejection, ObservedFlow } from "./flow.ts";
import { portOf } from "./flow.ts";

export type HubbleRecord =
  | { readonly kind: "flow"; readonly flow: ObservedFlow }
  | { readonly kind: "skip"; readonly reason: string }
  | { readonly kind: "reject"; readonly rejection: FlowRejection };

/**
 * One line of `hubble observe -o json`: `{"flow": {...}}` (or a bare flow object, as the
 * Hubble API returns it). Only forwarded requests are connections to allow: replies and drops
 * are skipped, and said so.
 */
export function parseHubbleRecord(value: unknown, where: string): HubbleRecord {
  const flow = isObject(value) && isObject(value["flow"]) ? value["flow"] : value;
  if (!isObject(flow)) return reject(where, "not a JSON object");
  const verdict = stringAt(flow, "verdict") ?? "FORWARDED";
  if (verdict !== "FORWARDED") return { kind: "skip", reason: `verdict ${verdict}` };
  // Hubble marks the reply direction of a connection; the request already names both sides.
  if (flow["is_reply"] === true) return { kind: "skip", reason: "reply" };
  const l4 = objectAt(flow, "l4");
  if (l4 === undefined) return { kind: "skip", reason: "no L4 (ICMP or L7-only record)" };
  const protocol = (["TCP", "UDP", "SCTP"] as const).find((name) => isObject(l4[name]));
  if (protocol === undefined) return { kind: "skip", reason: "not TCP, UDP or SCTP" };
  const port = portOf(objectAt(l4, protocol)?.["destination_port"]);
  if (port === undefined) return reject(where, `l4.${protocol}.destination_port is not 1-65535`);
  const ip = objectAt(flow, "IP");
  return {
    kind: "flow",
    flow: {
      src: peerOf(objectAt(flow, "source"), stringAt(ip, "source")),
      dst: peerOf(objectAt(flow, "destination"), stringAt(ip, "destination")),
      port,
      protocol,
      dnsNames: stringsAt(flow, "destination_names").map((name) => name.replace(/\.$/, "")),
      where,
    },
  };
}

function reject(where: string, reason: string): HubbleRecord {
  return { kind: "reject", rejection: { where, reason } };
}

function peerOf(endpoint: JsonObject | undefined, ip: string | undefined): FlowPeer {
  const namespace = stringAt(endpoint, "namespace");
  const pod = stringAt(endpoint, "pod_name");
  const workloads = endpoint?.["workloads"];
  const workload = Array.isArray(workloads) ? stringAt(workloads[0], "name") : undefined;
  const labels = kubernetesLabels(stringsAt(endpoint, "labels"));
  return {
    ...(namespace === undefined || namespace === "" ? {} : { namespace }),
    ...(pod === undefined || pod === "" ? {} : { pod }),
    ...(workload === undefined ? {} : { workload }),
    ...(Object.keys(labels).length === 0 ? {} : { labels }),
    ...(ip === undefined ? {} : { ip }),
  };
}

/**
 * Cilium writes pod labels as `k8s:key=value`; its own `io.cilium.*` and the namespace labels it
 * adds (`io.kubernetes.pod.namespace`, `io.cilium.k8s.namespace.labels.*`) are not pod labels.
 */
function kubernetesLabels(labels: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const label of labels) {
    if (!label.startsWith("k8s:")) continue;
    const text = label.slice(4);
    const equals = text.indexOf("=");
    const key = equals < 0 ? text : text.slice(0, equals);
    if (key.startsWith("io.kubernetes.") || key.startsWith("io.cilium.")) continue;
    out[key] = equals < 0 ? "" : text.slice(equals + 1);
  }
  return out;
}
