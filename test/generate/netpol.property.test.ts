import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateNetpol } from "../../src/generate/netpol/generate.ts";
import type { LoadedObject } from "../../src/model/inventory.ts";
import type { ObservedFlow } from "../../src/sources/flows/flow.ts";

const NAMESPACES = ["a", "b"];
const APPS = ["web", "api", "db"];

/** Two namespaces of three Deployments whose labels overlap (tier) but whose app differs. */
function manifests(): LoadedObject[] {
  const objects: LoadedObject[] = [];
  for (const ns of NAMESPACES) {
    objects.push({
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
      location: { file: "m.yaml" },
    });
    for (const app of APPS) {
      objects.push({
        object: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: app, namespace: ns },
          spec: {
            template: {
              metadata: {
                labels: { app, tier: app === "db" ? "data" : "front", "pod-template-hash": "x" },
              },
              spec: { containers: [{ name: "c", image: "i" }] },
            },
          },
        },
        location: { file: "m.yaml" },
      });
    }
  }
  return objects;
}

const peer = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  pod: fc.constantFrom(...APPS),
});
const flow: fc.Arbitrary<ObservedFlow> = fc.record({
  src: peer,
  dst: fc.oneof(peer, fc.record({ ip: fc.constantFrom("203.0.113.5", "198.51.100.7") })),
  // Few ports, so that flows share them and a too-wide selector would show.
  port: fc.constantFrom(80, 443, 5432),
  protocol: fc.constantFrom("TCP" as const, "UDP" as const),
  dnsNames: fc.constant([]),
  where: fc.constant("f:1"),
});

describe("generated NetworkPolicies, for any set of flows", () => {
  it("allow every flow and nothing else between the workloads (beyond DNS)", () => {
    const existing = manifests();
    fc.assert(
      fc.property(fc.array(flow, { minLength: 1, maxLength: 12 }), (flows) => {
        const result = generateNetpol({ existing, flows, intents: [], target: "kubernetes" });
        expect(result.rejected).toEqual([]);
        expect(result.proof.failures).toEqual([]);
        expect(result.proof.residual).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
