// `npm run k8s:up`: starts a local control plane that outlives this command, for a person to
// use, and prints its kubeconfig. `npm run k8s:down` stops it. State lives in the pid file.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { findBinaries } from "../../test/integration/binaries.ts";
import { startControlPlane, type ControlPlaneInfo } from "../../test/integration/control-plane.ts";
import { isAlive } from "../../test/integration/processes.ts";
import { upDir, upStateFile } from "./up-state.ts";

const stateFile = upStateFile();
if (existsSync(stateFile)) {
  const running = JSON.parse(readFileSync(stateFile, "utf8")) as ControlPlaneInfo;
  if (running.pids.some(isAlive)) {
    console.log(`already running at ${running.server}`);
    console.log(`export KUBECONFIG=${running.kubeconfig}`);
    process.exit(0);
  }
}
const lookup = findBinaries();
if (!lookup.found) {
  console.error(`k8s:up: ${lookup.reason}`);
  process.exit(1);
}
const dir = upDir();
await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
const { info } = await startControlPlane({ binaries: lookup.binaries, dir, detached: true });
await writeFile(stateFile, `${JSON.stringify(info, null, 2)}\n`);
console.log(
  `Kubernetes ${info.kubernetesVersion} ready in ${info.readySeconds.toFixed(1)} s at ${info.server}`,
);
console.log(`logs: ${dir}/logs   stop: npm run k8s:down`);
console.log(`export KUBECONFIG=${info.kubeconfig}`);
