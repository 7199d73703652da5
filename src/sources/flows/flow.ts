/** Transport protocols NetworkPolicy knows (the same union as the network engine's). */
export type FlowProtocol = "TCP" | "UDP" | "SCTP";

/**
 * One side of an observed connection, as much as the flow record says: a pod (by namespace and
 * name, or workload, or labels) or a bare address.
 */
export interface FlowPeer {
  readonly namespace?: string;
  readonly pod?: string;
  /** The owning workload's name when the exporter knows it (Hubble's `workloads`). */
  readonly workload?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly ip?: string;
}

/** A connection a workload opened: source, destination, destination port. */
export interface ObservedFlow {
  readonly src: FlowPeer;
  readonly dst: FlowPeer;
  readonly port: number;
  readonly protocol: FlowProtocol;
  /** DNS names the exporter saw for the destination (Hubble `destination_names`). */
  readonly dnsNames: readonly string[];
  /** `file:line` of the record, for messages. */
  readonly where: string;
}

/** A record that could not be read: where and why. Reported, never silently dropped. */
export interface FlowRejection {
  readonly where: string;
  readonly reason: string;
}

export interface FlowBatch {
  /** Each distinct connection once (the first record of it), in file order. */
  readonly flows: readonly ObservedFlow[];
  /** Connection records read, repeats included. */
  readonly records: number;
  readonly rejected: readonly FlowRejection[];
  /** Records read but not connections to allow (replies, drops), with why, counted. */
  readonly skipped: Readonly<Record<string, number>>;
}

export function isFlowProtocol(value: string): value is FlowProtocol {
  return value === "TCP" || value === "UDP" || value === "SCTP";
}

/** A port number 1-65535 from a number or a decimal string. */
export function portOf(value: unknown): number | undefined {
  const port = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535
    ? port
    : undefined;
}

/** What makes two records the same connection: both ends, port, protocol, names (not time). */
export function flowKey(flow: ObservedFlow): string {
  const peer = (p: FlowPeer) =>
    `${p.namespace ?? ""}/${p.pod ?? ""}/${p.workload ?? ""}/${p.ip ?? ""}/${p.labels === undefined ? "" : JSON.stringify(p.labels)}`;
  return `${peer(flow.src)}|${peer(flow.dst)}|${flow.protocol}/${flow.port}|${flow.dnsNames.join(",")}`;
}
