import type { Request } from "../../engines/rbac/types.ts";
import type { AuditRequestFields } from "../../sources/flows/read-audit.ts";

/** One request a user made in the audit window, as the authorizer saw it. */
export interface ObservedRequest {
  readonly username: string;
  readonly groups: readonly string[];
  readonly request: Request;
  /** Whether the apiserver authorized it (denied requests are never granted). */
  readonly allowed: boolean;
}

/**
 * The authorizer's view of an audited request. The audit event's `verb` is already the
 * authorization verb (RequestInfo.Verb); the name comes from the URL path as RequestInfo reads
 * it, because `objectRef.name` of a create is the new object's name, which authorization never
 * sees. A list or watch narrowed by `fieldSelector=metadata.name=x` is authorized for name x.
 */
export function observedRequest(event: AuditRequestFields): ObservedRequest | undefined {
  if (event.stage !== "ResponseComplete") return undefined;
  const user = event.impersonatedUser ?? event.user;
  const decision = event.annotations["authorization.k8s.io/decision"];
  const allowed =
    decision === undefined
      ? event.responseCode !== 401 && event.responseCode !== 403
      : decision === "allow";
  const [path = "", query = ""] = event.requestURI.split("?");
  const ref = event.objectRef;
  if (ref === undefined) {
    return {
      username: user.username,
      groups: user.groups,
      request: { kind: "nonResource", verb: event.verb, path },
      allowed,
    };
  }
  const parsed = parsePath(path);
  let name =
    parsed?.name ??
    (event.verb === "create" && ref.subresource === undefined ? "" : (ref.name ?? ""));
  if (name === "" && (event.verb === "list" || event.verb === "watch")) {
    name = fieldSelectorName(query) ?? "";
  }
  return {
    username: user.username,
    groups: user.groups,
    request: {
      kind: "resource",
      verb: event.verb,
      namespace: parsed?.namespace ?? ref.namespace ?? "",
      apiGroup: ref.apiGroup ?? "",
      resource: ref.resource,
      subresource: ref.subresource ?? "",
      name,
    },
    allowed,
  };
}

/** The distinct requests of a window, and everyone who made one (for hygiene and defaults). */
export interface ObservedWindow {
  readonly requests: readonly ObservedRequest[];
  readonly callers: ReadonlySet<string>;
}

/**
 * Gathers audited requests: each distinct (user, decision, request) once, the first event's
 * groups kept. A window repeats the same few requests: the rest are counted only as callers.
 */
export function requestCollector(): ObservedWindow & { add(event: AuditRequestFields): void } {
  const requests: ObservedRequest[] = [];
  const seen = new Set<string>();
  const callers = new Set<string>();
  return {
    requests,
    callers,
    add(event) {
      const observed = observedRequest(event);
      if (observed === undefined) return;
      callers.add(observed.username);
      const key = `${observed.username}|${observed.allowed}|${requestKey(observed.request)}`;
      if (seen.has(key)) return;
      seen.add(key);
      requests.push(observed);
    },
  };
}

/**
 * `/api/v1/namespaces/ns/pods/name/sub` and `/apis/group/version/...`: the namespace and name
 * segments (k8s.io/apiserver RequestInfoFactory). A namespace object itself is named by the
 * segment after `namespaces` and has no namespace.
 */
function parsePath(path: string): { namespace: string; name: string } | undefined {
  const parts = path.split("/").filter((part) => part !== "");
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 2) rest = parts.slice(2);
  else if (parts[0] === "apis" && parts.length >= 3) rest = parts.slice(3);
  else return undefined;
  if (rest[0] === "watch") rest = rest.slice(1);
  let namespace = "";
  if (rest[0] === "namespaces" && rest.length >= 2) {
    // A Namespace's own requests (`namespaces/ns`, `/status`, `/finalize`) carry it as their
    // namespace too: a RoleBinding in ns can grant reading ns.
    namespace = rest[1] ?? "";
    if (rest.length > 2 && rest[2] !== "status" && rest[2] !== "finalize") rest = rest.slice(2);
  }
  return { namespace, name: rest[1] ?? "" };
}

function fieldSelectorName(query: string): string | undefined {
  const selector = new URLSearchParams(query).get("fieldSelector");
  if (selector === null) return undefined;
  for (const term of selector.split(",")) {
    // `metadata.name=x` and `metadata.name==x` name one object; `!=` does not.
    const match = /^metadata\.name==?(.+)$/.exec(term.trim());
    if (match?.[1] !== undefined && !term.includes("!=")) return match[1];
  }
  return undefined;
}

export function requestKey(request: Request): string {
  return request.kind === "nonResource"
    ? `n|${request.verb}|${request.path}`
    : `r|${request.verb}|${request.namespace}|${request.apiGroup}|${request.resource}|${request.subresource}|${request.name}`;
}

export function describeRequest(request: Request): string {
  if (request.kind === "nonResource") return `${request.verb} ${request.path}`;
  const resource = `${request.resource}${request.subresource === "" ? "" : `/${request.subresource}`}`;
  const group = request.apiGroup === "" ? "" : `.${request.apiGroup}`;
  return `${request.verb} ${resource}${group}${request.name === "" ? "" : ` ${request.name}`}${request.namespace === "" ? " (cluster)" : ` in ${request.namespace}`}`;
}
