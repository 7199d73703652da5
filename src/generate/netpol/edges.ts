import type { Protocol } from "../../engines/netpol/conn-set.ts";
import type { NetpolEngine } from "../../engines/netpol/engine.ts";
import { numberAt, objectAt, objectsAt, stringAt, stringsAt } from "../../model/fields.ts";
import type { Inventory } from "../../model/inventory.ts";
import type { PodEndpoint } from "../../engines/netpol/model.ts";
import type { FlowPeer, FlowRejection, ObservedFlow } from "../../sources/flows/flow.ts";
import type { DeclaredIntent } from "../../sources/flows/intents.ts";
import type { GroupIndex, WorkloadGroup } from "./identity.ts";

/** A peer a rule names: a workload, pods by labels (the ingress controller) or one address. */
export type EdgePeer =
  | { readonly kind: "group"; readonly group: WorkloadGroup }
  | {
      readonly kind: "pods";
      readonly namespace: string;
      readonly labels: Readonly<Record<string, string>>;
    }
  | { readonly kind: "cidr"; readonly cidr: string; readonly ip: string };

/** One connection the generated policies must allow, and where it was learnt. */
export interface Edge {
  readonly src: EdgePeer;
  readonly dst: EdgePeer;
  readonly port: number;
  readonly protocol: Protocol;
  readonly dnsNames: readonly string[];
  readonly origin: "flow" | "intent" | "ingress";
  readonly where: string;
}

export interface EdgeContext {
  readonly engine: NetpolEngine;
  readonly inventory: Inventory;
  readonly groups: GroupIndex;
}

export function peerKey(peer: EdgePeer): string {
  switch (peer.kind) {
    case "group":
      return `g:${peer.group.id}`;
    case "pods":
      return `p:${peer.namespace}/${JSON.stringify(peer.labels)}`;
    case "cidr":
      return `c:${peer.cidr}`;
  }
}

/** Flows to edges; a flow whose ends cannot be named is rejected with the reason. */
export function flowEdges(
  context: EdgeContext,
  flows: readonly ObservedFlow[],
): { edges: Edge[]; rejected: FlowRejection[] } {
  const edges: Edge[] = [];
  const rejected: FlowRejection[] = [];
  const clusterIps = serviceClusterIps(context.inventory);
  const seen = new Set<string>();
  const cache = new Map<string, EdgePeer | string>();
  const ips = new Map<string, PodEndpoint>();
  for (const pod of context.engine.pods) {
    if (!pod.hostNetwork) for (const ip of pod.ipTexts) ips.set(ip, pod);
  }
  // Millions of records name a few thousand peers: resolve each peer once.
  const resolve = (peer: FlowPeer): EdgePeer | string => {
    const key = `${peer.namespace ?? ""}|${peer.pod ?? ""}|${peer.workload ?? ""}|${peer.ip ?? ""}|${peer.labels === undefined ? "" : JSON.stringify(peer.labels)}`;
    let found = cache.get(key);
    if (found === undefined) cache.set(key, (found = resolvePeer(context, peer, ips)));
    return found;
  };
  for (const flow of flows) {
    const src = resolve(flow.src);
    if (typeof src === "string") {
      rejected.push({ where: flow.where, reason: `source: ${src}` });
      continue;
    }
    const service = flow.dst.ip === undefined ? undefined : clusterIps.get(flow.dst.ip);
    const targets: { dst: EdgePeer; port: number }[] = [];
    if (service !== undefined) {
      const found = serviceEdges(context, service, flow.port, flow.protocol);
      if (typeof found === "string") {
        rejected.push({ where: flow.where, reason: `destination: ${found}` });
        continue;
      }
      targets.push(...found);
    } else {
      const dst = resolve(flow.dst);
      if (typeof dst === "string") {
        rejected.push({ where: flow.where, reason: `destination: ${dst}` });
        continue;
      }
      targets.push({ dst, port: flow.port });
    }
    for (const { dst, port } of targets) {
      if (src.kind === "cidr" && dst.kind === "cidr") {
        rejected.push({ where: flow.where, reason: "neither end is a pod of the manifests" });
        continue;
      }
      // Millions of records repeat a few thousand connections: keep one edge per connection.
      const key = `${peerKey(src)}|${peerKey(dst)}|${flow.protocol}/${port}|${flow.dnsNames.join(",")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({
        src,
        dst,
        port,
        protocol: flow.protocol,
        dnsNames: flow.dnsNames,
        origin: "flow",
        where: flow.where,
      });
    }
  }
  return { edges, rejected };
}

function resolvePeer(
  context: EdgeContext,
  peer: FlowPeer,
  ips: ReadonlyMap<string, PodEndpoint>,
): EdgePeer | string {
  const { engine, groups } = context;
  if (peer.namespace !== undefined) {
    for (const name of [peer.pod, peer.workload]) {
      const group = name === undefined ? undefined : groups.byName(peer.namespace, name);
      if (group !== undefined) return { kind: "group", group };
    }
  }
  if (peer.ip !== undefined) {
    const endpoint = ips.get(peer.ip) ?? engine.endpointForIp(peer.ip);
    if (endpoint === undefined) return `"${peer.ip}" is not an IP address`;
    if (endpoint.kind === "pod") {
      const group = groups.groupOf(endpoint);
      if (group !== undefined) return { kind: "group", group };
    }
    if (peer.namespace === undefined || endpoint.kind === "node") {
      return { kind: "cidr", cidr: `${peer.ip}/${peer.ip.includes(":") ? 128 : 32}`, ip: peer.ip };
    }
  }
  if (peer.namespace !== undefined && peer.labels !== undefined) {
    const labels = peer.labels;
    const matching = groups.groups.filter(
      (group) =>
        group.namespace === peer.namespace &&
        Object.entries(group.labels).every(([k, v]) => labels[k] === v) &&
        Object.keys(group.labels).length > 0,
    );
    const [only] = matching;
    if (only !== undefined && matching.length === 1) return { kind: "group", group: only };
  }
  const name =
    peer.namespace === undefined
      ? (peer.ip ?? "(unnamed)")
      : `${peer.namespace}/${peer.workload ?? peer.pod ?? "(unnamed)"}`;
  return `pod ${name} is not in the manifests (give the workload's manifests or a live cluster with -f)`;
}

function serviceClusterIps(inventory: Inventory): Map<string, { namespace: string; name: string }> {
  const out = new Map<string, { namespace: string; name: string }>();
  for (const entry of inventory.ofKind("Service", "")) {
    const spec = objectAt(entry.object, "spec");
    const ips = [...stringsAt(spec, "clusterIPs"), stringAt(spec, "clusterIP") ?? ""];
    for (const ip of ips) {
      if (ip !== "" && ip !== "None")
        out.set(ip, { namespace: entry.namespace ?? "default", name: entry.object.metadata.name });
    }
  }
  return out;
}

/** The backends of a Service port after DNAT: the pods and the target ports they listen on. */
function serviceEdges(
  context: EdgeContext,
  service: { namespace: string; name: string },
  port: number,
  protocol: Protocol,
): { dst: EdgePeer; port: number }[] | string {
  const targets = context.engine.serviceTargets(service.namespace, service.name, port, protocol);
  if (!targets.ok) return targets.error;
  const out = new Map<string, { dst: EdgePeer; port: number }>();
  for (const backend of targets.backends) {
    const group = context.groups.groupOf(backend.pod);
    if (group === undefined || backend.targetPort === undefined) continue;
    out.set(`${group.id}/${backend.targetPort}`, {
      dst: { kind: "group", group },
      port: backend.targetPort,
    });
  }
  if (out.size === 0)
    return `Service ${service.namespace}/${service.name} has no backend listening on ${protocol}/${port}`;
  return [...out.values()];
}

/** Intents to edges: the destination is a workload, else a Service; no ports means all its ports. */
export function intentEdges(
  context: EdgeContext,
  intents: readonly DeclaredIntent[],
): { edges: Edge[]; rejected: FlowRejection[] } {
  const edges: Edge[] = [];
  const rejected: FlowRejection[] = [];
  for (const intent of intents) {
    const src = context.groups.byName(intent.from.namespace, intent.from.name);
    if (src === undefined) {
      rejected.push({
        where: intent.where,
        reason: `no workload ${intent.from.namespace}/${intent.from.name} in the manifests`,
      });
      continue;
    }
    const add = (dst: EdgePeer, port: number, protocol: Protocol): void =>
      void edges.push({
        src: { kind: "group", group: src },
        dst,
        port,
        protocol,
        dnsNames: [],
        origin: "intent",
        where: intent.where,
      });
    if ("cidr" in intent.to) {
      const cidr = intent.to.cidr.includes("/")
        ? intent.to.cidr
        : `${intent.to.cidr}/${intent.to.cidr.includes(":") ? 128 : 32}`;
      if (intent.ports === undefined) {
        rejected.push({ where: intent.where, reason: "toCIDR needs ports" });
        continue;
      }
      for (const p of intent.ports)
        add({ kind: "cidr", cidr, ip: cidr.slice(0, cidr.indexOf("/")) }, p.port, p.protocol);
      continue;
    }
    const { namespace, name } = intent.to;
    const group = context.groups.byName(namespace, name);
    const servicePorts = servicePortsOf(context.inventory, namespace, name);
    if (group !== undefined && intent.ports !== undefined) {
      for (const p of intent.ports) add({ kind: "group", group }, p.port, p.protocol);
      continue;
    }
    if (servicePorts !== undefined) {
      const asked = intent.ports ?? servicePorts;
      let failed = false;
      for (const p of asked) {
        const found = serviceEdges(context, { namespace, name }, p.port, p.protocol);
        if (typeof found === "string") {
          rejected.push({ where: intent.where, reason: found });
          failed = true;
          continue;
        }
        for (const target of found) add(target.dst, target.port, p.protocol);
      }
      if (!failed || asked.length > 0) continue;
    }
    if (group !== undefined) {
      const ports = group.endpoints[0]?.namedPorts ?? [];
      if (ports.length === 0) {
        rejected.push({
          where: intent.where,
          reason: `${namespace}/${name} declares no container ports and no Service names it: give ports`,
        });
        continue;
      }
      for (const p of ports) add({ kind: "group", group }, p.port, p.protocol);
      continue;
    }
    rejected.push({
      where: intent.where,
      reason: `no workload or Service ${namespace}/${name} in the manifests`,
    });
  }
  return { edges, rejected };
}

function servicePortsOf(
  inventory: Inventory,
  namespace: string,
  name: string,
): { port: number; protocol: Protocol }[] | undefined {
  const entry = inventory.get("Service", namespace, name, "");
  if (entry === undefined) return undefined;
  return objectsAt(entry.object, "spec", "ports").flatMap((port) => {
    const number = numberAt(port, "port");
    const protocol = stringAt(port, "protocol") ?? "TCP";
    return number === undefined || (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP")
      ? []
      : [{ port: number, protocol }];
  });
}

/**
 * What the Ingress objects say: their backend Services are reached by the ingress controller.
 * A backend port by name resolves through the Service's port names.
 */
export function ingressEdges(
  context: EdgeContext,
  controller: { namespace: string; labels: Readonly<Record<string, string>> },
): { edges: Edge[]; rejected: FlowRejection[] } {
  const edges: Edge[] = [];
  const rejected: FlowRejection[] = [];
  for (const entry of context.inventory.ofKind("Ingress", "networking.k8s.io")) {
    const namespace = entry.namespace ?? "default";
    const where = `${entry.location.file}${entry.location.line === undefined ? "" : `:${entry.location.line}`} Ingress ${namespace}/${entry.object.metadata.name}`;
    const spec = objectAt(entry.object, "spec");
    const backends = [
      objectAt(spec, "defaultBackend", "service"),
      ...objectsAt(spec, "rules").flatMap((rule) =>
        objectsAt(rule, "http", "paths").map((path) => objectAt(path, "backend", "service")),
      ),
    ];
    for (const backend of backends) {
      const name = stringAt(backend, "name");
      if (backend === undefined || name === undefined) continue;
      const number = numberAt(backend, "port", "number");
      const portName = stringAt(backend, "port", "name");
      const service = context.inventory.get("Service", namespace, name, "");
      const port =
        number ??
        numberAt(
          objectsAt(service?.object, "spec", "ports").find((p) => stringAt(p, "name") === portName),
          "port",
        );
      if (port === undefined) {
        rejected.push({
          where,
          reason: `backend ${name} port ${portName ?? "(none)"} is not a port of Service ${namespace}/${name}`,
        });
        continue;
      }
      const found = serviceEdges(context, { namespace, name }, port, "TCP");
      if (typeof found === "string") {
        rejected.push({ where, reason: found });
        continue;
      }
      for (const target of found) {
        edges.push({
          src: { kind: "pods", namespace: controller.namespace, labels: controller.labels },
          dst: target.dst,
          port: target.port,
          protocol: "TCP",
          dnsNames: [],
          origin: "ingress",
          where,
        });
      }
    }
  }
  return { edges, rejected };
}
