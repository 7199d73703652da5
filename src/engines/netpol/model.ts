import type { LabelSelector } from "../label-selector.ts";
import type { ObjectRef } from "../../model/kube-object.ts";
import type { Protocol } from "./conn-set.ts";
import type { Cidr, IpAddress } from "./ip.ts";

// The engine's own view of endpoints and policies, parsed once from the inventory.

export const DIRECTIONS = ["ingress", "egress"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** A container port a named port can resolve to. */
export interface NamedPort {
  readonly name: string;
  readonly protocol: Protocol;
  readonly port: number;
}

/**
 * A pod, or a workload's pod template standing for all its replicas (one endpoint per
 * template: replicas share labels, ports and policies, so they behave alike).
 */
export interface PodEndpoint {
  readonly kind: "pod";
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  readonly ref: ObjectRef;
  /** A bare Pod (one pod), as opposed to a template that stands for several replicas. */
  readonly isBarePod: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** `status.podIPs` of a bare Pod; templates have none. */
  readonly ips: readonly IpAddress[];
  readonly ipTexts: readonly string[];
  /** hostNetwork pods are node traffic to NetworkPolicy: never selected, matched by IP only. */
  readonly hostNetwork: boolean;
  readonly nodeName: string | undefined;
  readonly serviceAccount: string;
  readonly namedPorts: readonly NamedPort[];
}

export interface NodeEndpoint {
  readonly kind: "node";
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ips: readonly IpAddress[];
}

/** An address outside every pod and node the inventory knows. */
export interface IpEndpoint {
  readonly kind: "ip";
  readonly ip: IpAddress;
  readonly text: string;
}

export type Endpoint = PodEndpoint | NodeEndpoint | IpEndpoint;

export interface PortSpec {
  readonly protocol: Protocol;
  /** Absent: every port of the protocol. A string is a named port of the destination pod. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export type Peer =
  | {
      readonly kind: "pods";
      /** Absent: the policy's own namespace only. */
      readonly namespaces: LabelSelector | undefined;
      readonly pods: LabelSelector;
    }
  | { readonly kind: "ipBlock"; readonly cidr: Cidr; readonly except: readonly Cidr[] };

export interface PolicyRule {
  /** Position in the policy's ingress or egress list, from 0. */
  readonly index: number;
  /** Absent or empty `from`/`to`: every peer. */
  readonly peers: readonly Peer[] | undefined;
  /** Absent or empty `ports`: every port of every protocol. */
  readonly ports: readonly PortSpec[] | undefined;
}

/** A NetworkPolicy after defaulting. A direction is absent when the policy does not isolate it. */
export interface CompiledNetworkPolicy {
  readonly id: number;
  readonly ref: ObjectRef;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  readonly ingress: readonly PolicyRule[] | undefined;
  readonly egress: readonly PolicyRule[] | undefined;
}

/** `ns/name` for pods, `node/name`, or the address. */
export function endpointName(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case "pod":
      return `${endpoint.namespace}/${endpoint.name}`;
    case "node":
      return `node/${endpoint.name}`;
    case "ip":
      return endpoint.text;
  }
}
