import { describe, expect, it } from "vitest";
import { parseAuditEvent } from "./parse-event.ts";

const base = {
  kind: "Event",
  apiVersion: "audit.k8s.io/v1",
  level: "RequestResponse",
  auditID: "a1",
  stage: "ResponseComplete",
  requestURI: "/api/v1/namespaces/shop/secrets/db",
  verb: "get",
  user: { username: "alice", groups: ["dev", 7] },
  sourceIPs: ["10.0.0.7"],
  userAgent: "kubectl/v1.34.0",
  objectRef: { resource: "secrets", namespace: "shop", name: "db", apiVersion: "v1", apiGroup: "" },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: "2026-06-01T10:00:00.000000Z",
  stageTimestamp: "2026-06-01T10:00:00.100000Z",
};

describe("parseAuditEvent", () => {
  it("reads the fields rules use and drops wrong-typed ones", () => {
    const parsed = parseAuditEvent(base);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.event.user).toEqual({ username: "alice", groups: ["dev"] });
    expect(parsed.event.objectRef).toEqual({
      resource: "secrets",
      namespace: "shop",
      name: "db",
      apiVersion: "v1",
    });
    expect(parsed.event.responseCode).toBe(200);
  });

  it("drops wrong-typed entries of lists and maps, keeps well-typed ones as they are", () => {
    const parsed = parseAuditEvent({
      ...base,
      sourceIPs: ["10.0.0.7", null, "fd00::1"],
      annotations: { "authorization.k8s.io/decision": "allow", weight: 3 },
      user: { username: "alice", groups: "dev", uid: 7 },
      responseStatus: { code: "200" },
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.event.sourceIPs).toEqual(["10.0.0.7", "fd00::1"]);
    expect(parsed.event.annotations).toEqual({ "authorization.k8s.io/decision": "allow" });
    expect(parsed.event.user).toEqual({ username: "alice", groups: [] });
    expect(parsed.event.responseCode).toBeUndefined();
    const clean = parseAuditEvent({ ...base, annotations: { a: "b" } });
    expect(clean.ok && clean.event.annotations).toEqual({ a: "b" });
  });

  it("keeps only metadata of a Secret body: no data, no last-applied copy", () => {
    const secret = {
      kind: "Secret",
      type: "Opaque",
      metadata: {
        name: "db",
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration":
            '{"data":{"password":"aHVudGVyMg=="}}',
          team: "shop",
        },
      },
      data: { password: "aHVudGVyMg==" },
      stringData: { token: "hunter2" },
    };
    const parsed = parseAuditEvent({ ...base, requestObject: secret, responseObject: secret });
    const text = JSON.stringify(parsed);
    expect(text).not.toContain("aHVudGVyMg==");
    expect(text).not.toContain("hunter2");
    expect(parsed.ok && parsed.event.responseObject).toEqual({
      kind: "Secret",
      type: "Opaque",
      metadata: { name: "db", labels: {}, annotations: { team: "shop" } },
    });
  });

  it("drops the token a TokenRequest returns and the one a TokenReview checks", () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.secret-part";
    const request = parseAuditEvent({
      ...base,
      objectRef: {
        resource: "serviceaccounts",
        subresource: "token",
        namespace: "ci",
        name: "deployer",
      },
      responseObject: { kind: "TokenRequest", status: { token } },
    });
    const review = parseAuditEvent({
      ...base,
      objectRef: { resource: "tokenreviews" },
      requestObject: { kind: "TokenReview", spec: { token } },
    });
    expect(JSON.stringify([request, review])).not.toContain("secret-part");
  });

  it("refuses unknown versions, missing identifiers and unknown stages, saying why", () => {
    expect(parseAuditEvent({ ...base, apiVersion: "audit.k8s.io/v1beta1" })).toEqual({
      ok: false,
      reason: "unsupported apiVersion audit.k8s.io/v1beta1",
    });
    expect(parseAuditEvent({ ...base, auditID: undefined })).toEqual({
      ok: false,
      reason: "auditID missing",
    });
    expect(parseAuditEvent({ ...base, stage: "Later" })).toMatchObject({ ok: false });
    expect(parseAuditEvent({ ...base, stageTimestamp: "yesterday" })).toMatchObject({ ok: false });
    expect(parseAuditEvent([base])).toMatchObject({ ok: false });
  });
});
