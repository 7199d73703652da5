// Where `npm run k8s:up` keeps its control plane and the record of its processes.
import { homedir } from "node:os";
import { join } from "node:path";

function cache(): string {
  return process.env.TENET_CACHE ?? join(homedir(), ".cache", "tenet");
}

export function upDir(): string {
  return join(cache(), "k8s", "up");
}

export function upStateFile(): string {
  return join(cache(), "k8s", "up.json");
}
