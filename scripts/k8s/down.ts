// `npm run k8s:down`: stops the control plane `npm run k8s:up` started, by its process groups.
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { ControlPlaneInfo } from "../../test/integration/control-plane.ts";
import { isAlive, killGroup } from "../../test/integration/processes.ts";
import { upStateFile } from "./up-state.ts";

const stateFile = upStateFile();
if (!existsSync(stateFile)) {
  console.log("no control plane started by k8s:up");
  process.exit(0);
}
const info = JSON.parse(readFileSync(stateFile, "utf8")) as ControlPlaneInfo;
// Controller manager and apiserver before etcd, each given time to exit cleanly.
for (const pid of [...info.pids].reverse()) {
  killGroup(pid, "SIGTERM");
  for (let waited = 0; isAlive(pid) && waited < 15_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) killGroup(pid, "SIGKILL");
}
await rm(stateFile, { force: true });
console.log(`stopped the control plane at ${info.server} (files kept in ${info.dir})`);
