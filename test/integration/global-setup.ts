// Vitest globalSetup of the integration project: one control plane for the whole run, since
// starting one takes 10+ s. Tests read its coordinates with `inject("controlPlane")`.
import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { findBinaries } from "./binaries.ts";
import { startControlPlane, type ControlPlane, type ControlPlaneInfo } from "./control-plane.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared control plane, or why there is none (outside CI only). */
    controlPlane: { readonly info: ControlPlaneInfo } | { readonly skipReason: string };
  }
}

let plane: ControlPlane | undefined;

export async function setup(project: TestProject): Promise<void> {
  const lookup = findBinaries();
  if (!lookup.found) {
    // CI must run these tests: a missing build is a failure there, never a silent skip.
    if (process.env.CI === "true")
      throw new Error(`integration tests cannot run in CI: ${lookup.reason}`);
    console.warn(`\n[integration] skipping: ${lookup.reason}\n`);
    project.provide("controlPlane", { skipReason: lookup.reason });
    return;
  }
  plane = await startControlPlane({ binaries: lookup.binaries });
  const { info } = plane;
  console.log(
    `\n[integration] Kubernetes ${info.kubernetesVersion} ready in ${info.readySeconds.toFixed(1)} s at ${info.server} (${info.dir})\n`,
  );
  project.provide("controlPlane", { info });
}

export async function teardown(): Promise<void> {
  if (plane === undefined) return;
  await plane.stop();
  // etcd data and logs: kept on request, for looking into a failure.
  if (process.env.TENET_KEEP_K8S === "1") console.log(`[integration] kept ${plane.info.dir}`);
  else await rm(plane.info.dir, { recursive: true, force: true });
}
