// Parity: the demo applied to a real apiserver and scanned live gives the same findings as
// scanning its files. Its own control plane, because the demo's cluster-wide RBAC (a binding
// that lets every user read Secrets) must not leak into other test files' assertions.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toKubernetesYaml } from "../../src/model/kube-yaml.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding, ScanReport } from "../../src/model/report.ts";
import { loadSources } from "../../src/sources/index.ts";
import { runCli } from "../helpers/cli.ts";
import { suiteTempDir } from "../helpers/temp-dir.ts";
import { findBinaries } from "./binaries.ts";
import { startControlPlane, type ControlPlane } from "./control-plane.ts";
import { kubectl } from "./identities.ts";

/** Built-in API groups the bare control plane serves; the demo's CRD kinds are left out. */
const SERVED = new Set([
  "v1",
  "apps/v1",
  "batch/v1",
  "networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1",
]);
const lookup = findBinaries();
if (!lookup.found && process.env["CI"] === "true")
  throw new Error(`parity test cannot run in CI: ${lookup.reason}`);

let plane: ControlPlane | undefined;
let manifest = "";
/** `Kind ns/name` of every applied object: the comparison covers these, not what the cluster adds. */
const applied = new Set<string>();

function resourceKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} ${namespace ?? "-"}/${name}`;
}

function key(finding: Finding): string {
  const { kind, namespace, name } = finding.resource;
  return `${finding.checkId} ${resourceKey(kind, namespace, name)}`;
}

describe.skipIf(!lookup.found)("live scan parity with the demo's files", () => {
  // The control plane's files too: its own would outlive the suite.
  const dir = suiteTempDir("tenet-parity-");

  beforeAll(async () => {
    if (!lookup.found) return;
    plane = await startControlPlane({ binaries: lookup.binaries, dir: join(dir(), "k8s") });
    const { objects } = await loadSources(["examples/demo"]);
    // The kube-apiserver static pod is configuration, not something to apply to a cluster.
    const applicable = objects.filter(
      ({ object }) => SERVED.has(object.apiVersion) && object.metadata.namespace !== "kube-system",
    );
    for (const { object } of applicable) {
      applied.add(resourceKey(object.kind, object.metadata.namespace, object.metadata.name));
    }
    manifest = join(dir(), "demo.yaml");
    await writeFile(
      manifest,
      applicable.map(({ object }) => toKubernetesYaml(object)).join("---\n"),
    );
    // Pods wait for their namespace's default ServiceAccount, which the controller manager
    // creates just after the namespace: apply again until everything is in (bounded).
    let lastError: unknown;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        await kubectl(plane.info, [
          "apply",
          "-f",
          manifest,
          "--server-side",
          "--field-manager=tenet-test",
        ]);
        lastError = undefined;
        break;
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
    if (lastError !== undefined) throw new Error("could not apply the demo", { cause: lastError });
  });

  afterAll(async () => {
    await plane?.stop();
  });

  it("finds the same verdicts on every demo resource", async () => {
    if (plane === undefined) throw new Error("no control plane");
    const args = ["-o", "json", "--fail-on", "none", "--now", "2026-06-01T00:00:00Z"];
    const fromFiles = JSON.parse((await runCli(["scan", manifest, ...args])).stdout) as ScanReport;
    const liveRun = await runCli([
      "scan",
      "--kubeconfig",
      plane.info.kubeconfig,
      "--include-secret-data",
      ...args,
    ]);
    const fromCluster = JSON.parse(liveRun.stdout) as ScanReport;
    expect(
      fromCluster.diagnostics.filter((d) => d.severity === "error"),
      liveRun.stderr,
    ).toEqual([]);

    // A file scan judges a namespace it only sees used (e.g. `default`) as unknown; the cluster
    // has the Namespace object itself. Objects the cluster makes are outside the comparison.
    const fileVerdicts = new Map(
      fromFiles.findings
        .filter((f) =>
          applied.has(resourceKey(f.resource.kind, f.resource.namespace, f.resource.name)),
        )
        .map((f) => [key(f), f.status]),
    );
    const liveVerdicts = new Map(
      fromCluster.findings.filter((f) => fileVerdicts.has(key(f))).map((f) => [key(f), f.status]),
    );
    const differences = [...fileVerdicts]
      .filter(([name, status]) => liveVerdicts.get(name) !== status)
      .map(
        ([name, status]) => `${name}: files ${status}, live ${liveVerdicts.get(name) ?? "absent"}`,
      );
    expect(differences).toEqual([]);
    expect(fileVerdicts.size).toBeGreaterThan(200);
  });
});
