// `reads` is what lets a live scan skip a control whose input the cluster refused, rather than
// judge it on missing data (src/evaluate/run-checks.ts). A kind left out of `reads` means a
// refused list silently reads as "none of them"; a kind declared but never read skips the
// control for nothing. So the declarations are derived here from what each control does on
// the widest fixture there is, the demo cluster (every control passes and fails there), plus
// a few objects that reach the rarer reads: the kinds it asks the inventory for, and, black
// box, the kinds whose removal changes its verdicts.
import { beforeAll, describe, expect, it } from "vitest";
import type { Check, CheckContext } from "../../src/checks/check.ts";
import { checks } from "../../src/checks/index.ts";
import { createEngines } from "../../src/engines/index.ts";
import { runChecks } from "../../src/evaluate/run-checks.ts";
import type { Result } from "../../src/model/check-meta.ts";
import type { KubeObject } from "../../src/model/kube-object.ts";
import { buildInventory, type Inventory, type LoadedObject } from "../../src/model/inventory.ts";
import { KNOWN_KINDS } from "../../src/model/kinds.ts";
import { loadSources } from "../../src/sources/index.ts";
import { recordingInventory } from "../helpers/recording-inventory.ts";

const DEMO = "examples/demo";
const NOW = new Date("2026-06-01T00:00:00Z");

/**
 * Objects that take paths the demo does not: a GKE Ingress that names a FrontendConfig, and a
 * Gateway listener that admits routes from namespaces chosen by label.
 */
const RARER_PATHS: readonly KubeObject[] = [
  {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name: "gce-web",
      namespace: "reads-test",
      annotations: {
        "kubernetes.io/ingress.class": "gce",
        "networking.gke.io/v1beta1.FrontendConfig": "redirect",
      },
    },
    spec: { rules: [{ host: "gce.example.com" }] },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "shared", namespace: "reads-test" },
    spec: {
      gatewayClassName: "example",
      listeners: [
        {
          name: "http",
          protocol: "HTTP",
          port: 80,
          allowedRoutes: { namespaces: { from: "Selector", selector: { matchLabels: {} } } },
        },
      ],
    },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "web", namespace: "reads-test" },
    spec: { parentRefs: [{ name: "shared" }] },
  },
];

let loaded: readonly LoadedObject[];
let demo: Inventory;
let wide: Inventory;

function contextOf(inventory: Inventory): CheckContext {
  return { inventory, engines: createEngines(inventory), now: NOW };
}

function sorted(kinds: Iterable<string>): string[] {
  return [...new Set(kinds)].sort();
}

beforeAll(async () => {
  loaded = (await loadSources([DEMO])).objects;
  demo = buildInventory(loaded).inventory;
  wide = buildInventory([
    ...loaded,
    ...RARER_PATHS.map((object) => ({ object, location: { file: "reads.test.ts" } })),
  ]).inventory;
});

/**
 * Controls whose files other engineers are changing in this same session, who add `reads`
 * there themselves. Each must still fall short (the test below fails once it conforms, so the
 * list only shrinks): remove an id as soon as its control declares exactly what it reads.
 */
const PENDING: ReadonlySet<string> = new Set([
  "namespace-default-deny",
  "pod-isolated",
  "namespace-isolation-holes",
  "network-policy-selects-pods",
  "network-policy-no-allow-all",
  "pod-reachable-from-outside",
  "pod-egress-internet",
]);

/**
 * Kinds a control reads that a live scan never lists, because they are not in KNOWN_KINDS: on a
 * live cluster the control judges them as absent, and `reads` cannot help (only a kind that was
 * asked for can be refused). Each entry is a gap to close in src/model/kinds.ts; the test fails
 * when one closes, so that its entry goes too.
 */
const NEVER_LISTED: Readonly<Record<string, readonly string[]>> = {};

/** The kinds a control asks the inventory for when it judges the wide fixture. */
function derivedReads(check: Check): string[] {
  const { inventory, kinds } = recordingInventory(wide);
  const recorded = check.evaluate(contextOf(inventory));
  // The recorder only watches: the control judges as it does on the plain inventory.
  expect(recorded, check.id).toEqual(check.evaluate(contextOf(wide)));
  return sorted(kinds);
}

describe("what each control reads", () => {
  it("is declared as known kinds, each once", () => {
    for (const check of checks.filter((candidate) => !PENDING.has(candidate.id))) {
      const reads = check.reads ?? [];
      expect(
        reads.filter((kind) => !KNOWN_KINDS.has(kind)),
        check.id,
      ).toEqual([]);
      expect(new Set(reads).size, `${check.id} declares a kind twice`).toBe(reads.length);
    }
  });

  it("names only registered controls as pending or reading unlisted kinds", () => {
    const ids = new Set(checks.map((check) => check.id));
    expect([...PENDING, ...Object.keys(NEVER_LISTED)].filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(checks.map((check): [string, Check] => [check.id, check]))(
    "%s declares exactly the kinds it asks the inventory for",
    (id, check) => {
      const derived = derivedReads(check).filter((kind) => KNOWN_KINDS.has(kind));
      const declared = check.reads === undefined ? undefined : sorted(check.reads);
      if (PENDING.has(id)) {
        expect(declared, `${id} now declares its reads: remove it from PENDING`).not.toEqual(
          derived,
        );
      } else {
        expect(declared, `${id}: reads`).toEqual(derived);
      }
    },
  );

  it.each(checks.map((check): [string, Check] => [check.id, check]))(
    "%s reads only kinds a live scan lists",
    (id, check) => {
      const unlisted = derivedReads(check).filter((kind) => !KNOWN_KINDS.has(kind));
      expect(unlisted, `${id}: kinds missing from KNOWN_KINDS`).toEqual(NEVER_LISTED[id] ?? []);
    },
  );

  it("covers every kind whose absence changes a control's verdicts", () => {
    // A live cluster has a Namespace object for every namespace in use; the demo's files leave
    // some implied. Declared here, removing a kind cannot remove a namespace along with it.
    const declared = new Set(
      demo.ofKind("Namespace", "").map((entry) => entry.object.metadata.name),
    );
    const complete: readonly LoadedObject[] = [
      ...loaded,
      ...demo
        .namespaces()
        .filter((name) => !declared.has(name))
        .map((name) => ({
          object: { apiVersion: "v1", kind: "Namespace", metadata: { name } },
          location: { file: "reads.test.ts" },
        })),
    ];
    const judged = checks.filter((check) => !PENDING.has(check.id));
    const baseline = verdictsByControl(
      runChecks(judged, contextOf(buildInventory(complete).inventory)),
    );
    const missing: string[] = [];
    for (const kind of sorted(complete.map(({ object }) => object.kind))) {
      const without = buildInventory(
        complete.filter(({ object }) => object.kind !== kind),
      ).inventory;
      const verdicts = verdictsByControl(runChecks(judged, contextOf(without)));
      for (const check of judged) {
        const changed = verdicts.get(check.id) !== baseline.get(check.id);
        if (changed && !(check.reads ?? []).includes(kind)) missing.push(`${check.id}: ${kind}`);
      }
    }
    expect(missing, "control: kind it depends on but does not declare").toEqual([]);
  });

  it("skips exactly the controls that read a kind the cluster refused, and judges the rest", () => {
    const baseline = verdictsByControl(runChecks(checks, contextOf(demo)));
    for (const kind of sorted(checks.flatMap((check) => check.reads ?? []))) {
      const inventory = buildInventory(loaded, { unobservedKinds: [kind] }).inventory;
      const results = runChecks(checks, contextOf(inventory));
      const verdicts = verdictsByControl(results);
      for (const check of checks) {
        if ((check.judges ?? []).includes(kind)) {
          // Judged object by object: the rest is still judged, and one skip names the kind.
          const own = results.filter((result) => result.checkId === check.id);
          const skip = own.pop();
          expect(skip?.status, `${check.id} without ${kind}`).toBe("skip");
          expect(skip?.message, check.id).toContain(kind);
          expect(verdictsByControl(own).get(check.id), `${check.id} without ${kind}`).toBe(
            baseline.get(check.id),
          );
        } else if ((check.reads ?? []).includes(kind)) {
          const own = results.filter((result) => result.checkId === check.id);
          expect(
            own.map((result) => result.status),
            `${check.id} without ${kind}`,
          ).toEqual(["skip"]);
          expect(own[0]?.message, check.id).toContain(kind);
        } else {
          expect(verdicts.get(check.id), `${check.id} without ${kind}`).toBe(
            baseline.get(check.id),
          );
        }
      }
    }
  });
});

describe("what each control judges object by object", () => {
  it("is among what it reads", () => {
    const stray = checks.flatMap((check) =>
      (check.judges ?? [])
        .filter((kind) => !(check.reads ?? []).includes(kind))
        .map((kind) => `${check.id}: ${kind}`),
    );
    expect(stray, "judged kinds not declared in reads").toEqual([]);
  });

  it("leaves the other objects' verdicts unchanged when a judged kind is refused", () => {
    // As a live scan sees it: the refused kind has no objects at all. Only the verdicts on that
    // kind's own objects may go, or the kind is not judged one object at a time.
    const baseline = runChecks(checks, contextOf(demo));
    const judging = checks.filter((check) => (check.judges ?? []).length > 0);
    expect(judging.length, "controls that judge object by object").toBeGreaterThan(20);
    for (const kind of sorted(judging.flatMap((check) => check.judges ?? []))) {
      const inventory = buildInventory(
        loaded.filter(({ object }) => object.kind !== kind),
        { unobservedKinds: [kind] },
      ).inventory;
      const results = runChecks(judging, contextOf(inventory));
      for (const check of judging.filter((each) => (each.judges ?? []).includes(kind))) {
        const own = results.filter((result) => result.checkId === check.id);
        expect(own.at(-1)?.message, `${check.id} without ${kind}`).toContain(kind);
        const expected = baseline.filter(
          (result) => result.checkId === check.id && result.target.kind !== kind,
        );
        expect(
          verdictsByControl(own.slice(0, -1)).get(check.id),
          `${check.id} without ${kind}`,
        ).toBe(verdictsByControl(expected).get(check.id));
      }
    }
  });
});

/** Each control's results in a comparable form: what it judged, and how. */
function verdictsByControl(results: readonly Result[]): Map<string, string> {
  const byControl = new Map<string, string[]>();
  for (const result of results) {
    const line = JSON.stringify([result.status, result.target, result.message, result.evidence]);
    const lines = byControl.get(result.checkId) ?? [];
    lines.push(line);
    byControl.set(result.checkId, lines);
  }
  return new Map([...byControl].map(([id, lines]) => [id, lines.join("\n")]));
}
