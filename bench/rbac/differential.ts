// `node bench/rbac/differential.ts [--reviews N] [--seeds N]`: random RBAC objects and random
// SubjectAccessReviews asked of a real kube-apiserver (the pinned build) and of Tenet; writes
// bench/rbac/differential.json with the counts and every disagreement (there should be none).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startControlPlane } from "../../test/integration/control-plane.ts";
import { rbacBinaries } from "../../test/fixtures/rbac/binaries.ts";
import { runDifferential, type DifferentialResult } from "../../test/fixtures/rbac/differential.ts";

const { values } = parseArgs({
  options: { reviews: { type: "string" }, seeds: { type: "string" } },
});
const binaries = rbacBinaries();
if (binaries === undefined) {
  console.error("differential: no kube-apiserver built (scripts/k8s/build.sh)");
  process.exit(1);
}
const plane = await startControlPlane({ binaries, controllerManager: false });
const runs: (DifferentialResult & { seed: number })[] = [];
try {
  const seeds = Number(values.seeds ?? "3");
  for (let seed = 1; seed <= seeds; seed++) {
    // Each seed's objects live under their own names; later seeds see earlier ones too, so the
    // engine is rebuilt from what the cluster holds of ours: one fresh namespace set per seed.
    const result = await runDifferential(plane.info.kubeconfig, {
      seed: seed * 1000,
      reviews: Number(values.reviews ?? "1000"),
    });
    runs.push({ seed: seed * 1000, ...result });
    console.log(
      `seed ${seed * 1000}: ${result.reviews} reviews, ${result.allowed} allowed, ${result.disagreements.length} disagreements (${result.objectsCreated} objects, ${result.objectsRejected} rejected)`,
    );
  }
} finally {
  await plane.stop();
}
writeFileSync(
  new URL("differential.json", import.meta.url),
  `${JSON.stringify({ kubernetesVersion: plane.info.kubernetesVersion, runs }, null, 2)}\n`,
);
