import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Request } from "../../src/engines/rbac/types.ts";
import { generateRbac } from "../../src/generate/rbac/generate.ts";
import type { ObservedRequest } from "../../src/generate/rbac/requests.ts";

const USER = "system:serviceaccount:shop:api";

const resourceRequest: fc.Arbitrary<Request> = fc.record({
  kind: fc.constant("resource" as const),
  verb: fc.constantFrom("get", "list", "watch", "create", "update", "patch", "delete"),
  namespace: fc.constantFrom("", "shop", "billing"),
  apiGroup: fc.constantFrom("", "apps", "batch"),
  resource: fc.constantFrom("pods", "configmaps", "deployments", "jobs"),
  subresource: fc.constantFrom("", "", "status", "log"),
  name: fc.constantFrom("", "a", "b", "c", "web-x7k2p"),
});
const nonResourceRequest: fc.Arbitrary<Request> = fc.record({
  kind: fc.constant("nonResource" as const),
  verb: fc.constantFrom("get", "post"),
  path: fc.constantFrom("/healthz", "/metrics", "/version"),
});

describe("generated RBAC, for any window of requests", () => {
  it("allows every request made and no near miss beyond the widenings it reports", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(resourceRequest, nonResourceRequest), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 3 }),
        (requests, maxResourceNames) => {
          const observed: ObservedRequest[] = requests.map((request) => ({
            username: USER,
            groups: [],
            request,
            allowed: true,
          }));
          const result = generateRbac({ requests: observed, users: [USER], maxResourceNames });
          expect(result.proof.failures).toEqual([]);
          expect(result.proof.nearMissesAllowed).toEqual([]);
          // Nothing is widened silently: a broadened near miss needs a reported widening.
          if (result.proof.nearMissesBroadened.length > 0)
            expect(result.broadenings.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
