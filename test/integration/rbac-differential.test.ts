// The RBAC oracle: thousands of random SubjectAccessReviews over random Roles and bindings,
// answered by a real kube-apiserver and by Tenet's engine, with zero disagreements. Its own
// control plane: the random bindings must not change what other test files' identities can do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDifferential } from "../fixtures/rbac/differential.ts";
import { suiteTempDir } from "../helpers/temp-dir.ts";
import { findBinaries } from "./binaries.ts";
import { startControlPlane, type ControlPlane } from "./control-plane.ts";
import { kubectl } from "./identities.ts";

const lookup = findBinaries();
if (!lookup.found && process.env["CI"] === "true") {
  throw new Error(`the RBAC differential test cannot run in CI: ${lookup.reason}`);
}

let plane: ControlPlane | undefined;

describe.skipIf(!lookup.found)("RBAC engine against the real apiserver", () => {
  const dir = suiteTempDir("tenet-k8s-");

  beforeAll(async () => {
    if (!lookup.found) return;
    // No controller manager: the engine resolves aggregation itself, and the apiserver must
    // answer from exactly the objects created, not from roles a controller fills in later.
    plane = await startControlPlane({
      binaries: lookup.binaries,
      dir: dir(),
      controllerManager: false,
    });
  });

  afterAll(async () => {
    await plane?.stop();
  });

  it("agrees on 2000 random reviews over 8 random RBAC sets", { timeout: 900_000 }, async () => {
    if (plane === undefined) throw new Error("no control plane");
    const info = plane.info;
    const totals = { reviews: 0, allowed: 0, objects: 0 };
    for (let round = 0; round < 8; round += 1) {
      const result = await runDifferential(info.kubeconfig, {
        seed: 20261127 + round * 7919,
        reviews: 250,
      });
      expect(result.disagreements, `round ${round}`).toEqual([]);
      totals.reviews += result.reviews;
      totals.allowed += result.allowed;
      totals.objects += result.objectsCreated;
      // A fresh RBAC set for the next round (namespaces stay: without a controller manager
      // they would never finish deleting).
      await kubectl(info, ["delete", "roles,rolebindings", "--all", "-n", "diff-a"]);
      await kubectl(info, ["delete", "roles,rolebindings", "--all", "-n", "diff-b"]);
      const cluster = (
        await kubectl(info, ["get", "clusterroles,clusterrolebindings", "-o", "name"])
      )
        .split("\n")
        .filter((name) => /\/diff-/.test(name));
      if (cluster.length > 0) await kubectl(info, ["delete", ...cluster]);
    }
    expect(totals.reviews).toBe(2000);
    // Both answers must occur often, or the comparison proves little.
    expect(totals.allowed).toBeGreaterThan(100);
    expect(totals.reviews - totals.allowed).toBeGreaterThan(100);
    expect(totals.objects).toBeGreaterThan(40);
  });
});
