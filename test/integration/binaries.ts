// Where scripts/k8s/build.sh caches the control-plane binaries, and whether they are there.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const VERSIONS_FILE = new URL("../../scripts/k8s/versions.env", import.meta.url);

export interface Binaries {
  readonly kubernetesVersion: string;
  readonly etcdVersion: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubectl: string;
  readonly etcd: string;
}

export type BinariesLookup =
  | { readonly found: true; readonly binaries: Binaries }
  | { readonly found: false; readonly reason: string };

function pinned(name: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[name];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  // versions.env is `NAME=value` lines; it is also sourced by build.sh.
  const match = new RegExp(`^${name}=(\\S+)`, "m").exec(readFileSync(VERSIONS_FILE, "utf8"));
  if (match?.[1] === undefined) throw new Error(`${VERSIONS_FILE.pathname} does not set ${name}`);
  return match[1];
}

export function findBinaries(env: NodeJS.ProcessEnv = process.env): BinariesLookup {
  const cache = env.TENET_CACHE ?? join(homedir(), ".cache", "tenet");
  const kubernetesVersion = pinned("K8S_VERSION", env);
  const etcdVersion = pinned("ETCD_VERSION", env);
  const k8sBin = join(cache, "k8s", kubernetesVersion, "bin");
  const binaries: Binaries = {
    kubernetesVersion,
    etcdVersion,
    kubeApiserver: join(k8sBin, "kube-apiserver"),
    kubeControllerManager: join(k8sBin, "kube-controller-manager"),
    kubectl: join(k8sBin, "kubectl"),
    etcd: join(cache, "etcd", etcdVersion, "bin", "etcd"),
  };
  const required = [
    binaries.kubeApiserver,
    binaries.kubeControllerManager,
    binaries.kubectl,
    binaries.etcd,
  ];
  const missing = required.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    return {
      found: false,
      reason: `control-plane binaries missing (${missing.join(", ")}); run scripts/k8s/build.sh`,
    };
  }
  return { found: true, binaries };
}
