import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiGroupOf, refOf, type KubeObject } from "./kube-object.ts";
import { buildInventory, type InventoryEntry, type LoadedObject } from "./inventory.ts";

const KINDS = ["Pod", "Deployment", "NetworkPolicy", "Namespace", "ClusterRole", "Widget"];
const VERSIONS = ["v1", "apps/v1", "networking.k8s.io/v1", "projectcalico.org/v3"];
const NAMES = ["a", "b", "c"];
const SPACES = [undefined, "", "default", "prod", "dev"];
const LABELS = ["app", "tier", "a=b"];
const VALUES = ["web", "db", "c", "b=c"];

const objectArb = fc.record({
  apiVersion: fc.constantFrom(...VERSIONS),
  kind: fc.constantFrom(...KINDS),
  name: fc.constantFrom(...NAMES),
  namespace: fc.constantFrom(...SPACES),
  labels: fc.option(fc.dictionary(fc.constantFrom(...LABELS), fc.constantFrom(...VALUES)), {
    nil: undefined,
  }),
  line: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
});

type Spec = typeof objectArb extends fc.Arbitrary<infer T> ? T : never;

function toLoaded(specs: readonly Spec[]): LoadedObject[] {
  return specs.map((spec) => ({
    object: {
      apiVersion: spec.apiVersion,
      kind: spec.kind,
      metadata: {
        name: spec.name,
        ...(spec.namespace === undefined ? {} : { namespace: spec.namespace }),
        ...(spec.labels === undefined ? {} : { labels: spec.labels }),
      },
      ...(spec.kind === "Pod" ? { spec: { containers: [] } } : {}),
      ...(spec.kind === "Deployment"
        ? { spec: { template: { metadata: { labels: spec.labels ?? {} }, spec: {} } } }
        : {}),
    },
    location: { file: "f.yaml", ...(spec.line === undefined ? {} : { line: spec.line }) },
  }));
}

const clusterScoped = (kind: string): boolean => kind === "Namespace" || kind === "ClusterRole";

/** The inventory's meaning, by scans over the input: what the indexes must agree with. */
function naive(loaded: readonly LoadedObject[]) {
  const kept: { object: KubeObject; namespace: string | undefined; index: number }[] = [];
  const duplicates: number[] = [];
  loaded.forEach(({ object }, index) => {
    const namespace = clusterScoped(object.kind)
      ? undefined
      : (object.metadata.namespace ?? "default");
    const same = kept.some(
      (entry) =>
        entry.object.kind === object.kind &&
        apiGroupOf(entry.object.apiVersion) === apiGroupOf(object.apiVersion) &&
        entry.namespace === namespace &&
        entry.object.metadata.name === object.metadata.name,
    );
    if (same) duplicates.push(index);
    else kept.push({ object, namespace, index });
  });
  return { kept, duplicates };
}

const indexesOf = (entries: readonly InventoryEntry[], all: readonly InventoryEntry[]) =>
  entries.map((entry) => all.indexOf(entry));

describe("buildInventory", () => {
  it("agrees with scans over the input for every index, in load order", () => {
    fc.assert(
      fc.property(fc.array(objectArb, { maxLength: 25 }), (specs) => {
        const loaded = toLoaded(specs);
        const { inventory, diagnostics } = buildInventory(loaded);
        const { kept, duplicates } = naive(loaded);
        const all = inventory.entries;
        expect(all.map((entry) => entry.location)).toEqual(
          kept.map(({ index }) => loaded[index]?.location),
        );
        expect(all.map((entry) => entry.namespace)).toEqual(kept.map((entry) => entry.namespace));
        expect(diagnostics.map((d) => d.code)).toEqual(duplicates.map(() => "duplicate-object"));
        for (const [i, entry] of all.entries()) {
          // Defaulted on namespaced objects; a cluster-scoped object keeps what it was loaded with.
          expect(entry.object.metadata.namespace).toBe(
            kept[i]?.namespace ?? kept[i]?.object.metadata.namespace,
          );
          expect(entry.ref).toEqual(refOf(entry.object, entry.location));
        }
        for (const kind of [...KINDS, "Secret"]) {
          expect(indexesOf(inventory.ofKind(kind), all)).toEqual(
            all.flatMap((entry, i) => (entry.object.kind === kind ? [i] : [])),
          );
          for (const version of VERSIONS) {
            const group = apiGroupOf(version);
            expect(indexesOf(inventory.ofKind(kind, group), all)).toEqual(
              all.flatMap((entry, i) =>
                entry.object.kind === kind && apiGroupOf(entry.object.apiVersion) === group
                  ? [i]
                  : [],
              ),
            );
          }
          for (const namespace of SPACES) {
            for (const name of NAMES) {
              const matches = all.filter(
                (entry) =>
                  entry.object.kind === kind &&
                  // A namespaced kind asked for with no namespace finds the name in `""`.
                  entry.namespace === (clusterScoped(kind) ? undefined : (namespace ?? "")) &&
                  entry.object.metadata.name === name,
              );
              expect(inventory.get(kind, namespace, name)).toBe(matches[0]);
              for (const version of VERSIONS) {
                const group = apiGroupOf(version);
                expect(inventory.get(kind, namespace, name, group)).toBe(
                  matches.find((entry) => apiGroupOf(entry.object.apiVersion) === group),
                );
              }
            }
          }
        }
        for (const namespace of ["", "default", "prod", "dev", "none"]) {
          expect(indexesOf(inventory.inNamespace(namespace), all)).toEqual(
            all.flatMap((entry, i) => (entry.namespace === namespace ? [i] : [])),
          );
        }
        const used = all.flatMap((entry) =>
          entry.object.kind === "Namespace"
            ? [entry.object.metadata.name]
            : entry.namespace === undefined
              ? []
              : [entry.namespace],
        );
        expect(inventory.namespaces()).toEqual([...new Set(used)].sort());
        for (const key of LABELS) {
          for (const value of VALUES) {
            expect(indexesOf(inventory.withLabel(key, value), all)).toEqual(
              all.flatMap((entry, i) => (entry.object.metadata.labels?.[key] === value ? [i] : [])),
            );
          }
        }
        expect(inventory.pods.map((pod) => pod.owner)).toEqual(
          all
            .filter((entry) => entry.object.kind === "Pod" || entry.object.kind === "Deployment")
            .map((entry) => entry.object),
        );
        expect([...inventory.unknownKinds]).toEqual(
          [
            ...new Set(
              all.filter((e) => e.object.kind === "Widget").map((e) => e.object.apiVersion),
            ),
          ].map((version) => [
            `${version}/Widget`,
            all.filter((e) => e.object.kind === "Widget" && e.object.apiVersion === version).length,
          ]),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("names the first definition of a duplicate, and keeps it", () => {
    const first: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } };
    const again: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default", labels: { x: "y" } },
    };
    const { inventory, diagnostics } = buildInventory([
      { object: first, location: { file: "a.yaml", line: 3 } },
      { object: again, location: { file: "b.yaml", line: 7 } },
    ]);
    expect(inventory.entries.map((entry) => entry.location.file)).toEqual(["a.yaml"]);
    expect(diagnostics).toEqual([
      {
        severity: "warning",
        code: "duplicate-object",
        message: "Pod default/p is defined again; the first definition (a.yaml:3) is used",
        file: "b.yaml",
        line: 7,
      },
    ]);
  });

  it("defaults the namespace on a copy, leaving the loaded object as it was", () => {
    const object: KubeObject = { apiVersion: "v1", kind: "Service", metadata: { name: "s" } };
    const { inventory } = buildInventory([{ object, location: { file: "s.yaml" } }], {
      defaultNamespace: "team",
    });
    expect(object.metadata.namespace).toBeUndefined();
    expect(inventory.get("Service", "team", "s")?.object.metadata.namespace).toBe("team");
    expect(inventory.get("Service", "team", "s")?.ref).toEqual({
      apiVersion: "v1",
      kind: "Service",
      namespace: "team",
      name: "s",
      file: "s.yaml",
    });
  });
});
