import type { LabelSelector } from "../label-selector.ts";
import type { ObjectRef } from "../../model/kube-object.ts";
import type { NodeEvidence } from "./node-authorizer.ts";

/** An `rbac.authorization.k8s.io/v1` PolicyRule, absent lists read as empty (as the API does). */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** A binding subject as written; `namespace` is "" when absent. */
export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

export interface RoleRef {
  readonly kind: string;
  readonly name: string;
}

/** A rule of a role, with where it came from when an aggregationRule put it there. */
export interface RoleRule {
  readonly rule: PolicyRule;
  readonly index: number;
  /** The ClusterRole whose rule the aggregation controller copied here. */
  readonly aggregatedFrom?: string;
}

export interface RbacRole {
  readonly kind: "Role" | "ClusterRole";
  readonly name: string;
  /** Undefined for a ClusterRole. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Undefined unless the ClusterRole has an aggregationRule. */
  readonly aggregationSelectors?: readonly LabelSelector[];
  readonly rules: readonly RoleRule[];
  readonly ref: ObjectRef;
  /** Part of the bootstrap policy added by Tenet, not of the scanned objects. */
  readonly bootstrap: boolean;
}

export interface RbacBinding {
  readonly kind: "RoleBinding" | "ClusterRoleBinding";
  readonly name: string;
  readonly namespace?: string;
  readonly roleRef: RoleRef;
  readonly subjects: readonly Subject[];
  readonly ref: ObjectRef;
  readonly bootstrap: boolean;
}

/** The authenticated user of a request, as `user.Info` carries it. */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
  readonly uid?: string;
}

/** A request to a resource, as `authorizer.AttributesRecord` with `ResourceRequest: true`. */
export interface ResourceAttributes {
  readonly verb: string;
  /** "" for cluster-scoped requests and requests across all namespaces. */
  readonly namespace: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string;
  /** "" when the request names no object (create, unfiltered list and watch). */
  readonly name: string;
}

export interface NonResourceAttributes {
  readonly verb: string;
  readonly path: string;
}

export type Request =
  | ({ readonly kind: "resource" } & ResourceAttributes)
  | ({ readonly kind: "nonResource" } & NonResourceAttributes);

/** The binding -> role -> rule that grants a request: an allow's evidence. */
export interface Grant {
  readonly binding: ObjectRef;
  /** The first subject of the binding that applies, as the authorizer reports it. */
  readonly subject: Subject;
  readonly role: ObjectRef;
  readonly ruleIndex: number;
  readonly rule: PolicyRule;
  readonly aggregatedFrom?: string;
  readonly bootstrap: boolean;
}

export interface Decision {
  readonly allowed: boolean;
  /** The `status.reason` the kube-apiserver would give. */
  readonly reason: string;
  /** True when `system:masters` allowed the request before RBAC ran. */
  readonly privilegedGroup: boolean;
  /** Every grant that allows the request, the reported one first. */
  readonly grants: readonly Grant[];
  /** Set when the Node authorizer (which runs before RBAC) allowed the request. */
  readonly nodeAuthorizer?: NodeEvidence;
}
