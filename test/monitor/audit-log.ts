/** Raw `audit.k8s.io/v1` Events as the apiserver writes them, for source, CLI and server tests. */
export function rawEvent(
  auditID: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: "audit.k8s.io/v1",
    kind: "Event",
    level: "Metadata",
    auditID,
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/shop/pods/web/exec?command=sh",
    verb: "create",
    user: { username: "alice", groups: ["system:authenticated"] },
    sourceIPs: ["10.0.0.7"],
    userAgent: "kubectl/v1.34.0",
    objectRef: {
      resource: "pods",
      subresource: "exec",
      namespace: "shop",
      name: "web",
      apiVersion: "v1",
    },
    responseStatus: { metadata: {}, code: 101 },
    requestReceivedTimestamp: "2026-06-01T10:00:00.000000Z",
    stageTimestamp: "2026-06-01T10:00:00.100000Z",
    ...overrides,
  };
}

/** An ordinary read: no rule fires on it. */
export function quietEvent(
  auditID: string,
  stageTimestamp = "2026-06-01T10:00:00.100000Z",
): Record<string, unknown> {
  return rawEvent(auditID, {
    stageTimestamp,
    verb: "get",
    requestURI: "/api/v1/namespaces/shop/configmaps/settings",
    objectRef: { resource: "configmaps", namespace: "shop", name: "settings", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
  });
}

/**
 * A create (its request) or a get (its response) of Secret `db` whose data holds `password`:
 * what the parser must cut before anything keeps it.
 */
export function secretEvent(
  auditID: string,
  verb: "create" | "get",
  password: string,
): Record<string, unknown> {
  return rawEvent(auditID, {
    verb,
    objectRef: { resource: "secrets", namespace: "shop", name: "db", apiVersion: "v1" },
    [verb === "create" ? "requestObject" : "responseObject"]: {
      kind: "Secret",
      metadata: { name: "db" },
      data: { password },
    },
  });
}

export function eventList(items: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: "audit.k8s.io/v1", kind: "EventList", metadata: {}, items };
}
