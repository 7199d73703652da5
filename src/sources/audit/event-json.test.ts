import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditEventJson } from "./event-json.ts";
import { parseAuditEvent, STAGES } from "./parse-event.ts";

const user = fc.record(
  { username: fc.string(), groups: fc.array(fc.string(), { maxLength: 3 }), uid: fc.string() },
  { requiredKeys: ["username", "groups"] },
);
const word = fc.string({ minLength: 1, maxLength: 8 });
const objectRef = fc.record(
  {
    resource: fc.constantFrom("pods", "secrets", "serviceaccounts", "tokenreviews", "leases"),
    subresource: fc.constantFrom("exec", "token", "status"),
    namespace: word,
    name: word,
    apiGroup: word,
    apiVersion: word,
  },
  { requiredKeys: ["resource"] },
);
const time = fc
  .date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
  .map((date) => date.toISOString());
const rawEvent = fc.record(
  {
    apiVersion: fc.constant("audit.k8s.io/v1"),
    kind: fc.constant("Event"),
    level: fc.constantFrom("Metadata", "Request", "RequestResponse"),
    auditID: word,
    stage: fc.constantFrom(...STAGES),
    verb: fc.constantFrom("get", "create", "list"),
    requestURI: fc.string(),
    user,
    impersonatedUser: user,
    sourceIPs: fc.array(fc.ipV4(), { maxLength: 2 }),
    userAgent: fc.string(),
    objectRef,
    responseStatus: fc.record({ code: fc.integer({ min: 100, max: 599 }) }),
    requestObject: fc.jsonValue(),
    responseObject: fc.jsonValue(),
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations: fc.dictionary(word, fc.string()),
  },
  { requiredKeys: ["auditID", "stage", "verb", "stageTimestamp"] },
);

describe("auditEventJson", () => {
  it("reads back to the same event, credentials still cut", () => {
    fc.assert(
      fc.property(rawEvent, (raw) => {
        // As it arrives: through JSON text (which has no -0, for one).
        const parsed = parseAuditEvent(JSON.parse(JSON.stringify(raw)));
        if (!parsed.ok) throw new Error(parsed.reason);
        const again = parseAuditEvent(JSON.parse(auditEventJson(parsed.event)));
        expect(again.ok && again.event).toEqual(parsed.event);
      }),
      { numRuns: 500 },
    );
  });
});
