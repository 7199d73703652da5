// Derives src/engines/rbac/bootstrap/<version>.json from a real kube-apiserver: the ClusterRoles,
// ClusterRoleBindings, Roles and RoleBindings it creates itself (label
// kubernetes.io/bootstrapping=rbac-defaults), normalized so the same version yields the same file.
//
//   node scripts/k8s/derive-bootstrap-policy.ts [--kubeconfig PATH] [--version v1.36]
//
// Without a kubeconfig (flag or KUBECONFIG), it starts the pinned control plane of
// test/integration (scripts/k8s/build.sh builds it), derives, and stops it.
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KubeConfig, RbacAuthorizationV1Api, VersionApi } from "@kubernetes/client-node";
import {
  BOOTSTRAP_LABEL,
  BOOTSTRAP_LABEL_VALUE,
  normalizeBootstrapObjects,
} from "../../src/engines/rbac/bootstrap/normalize.ts";
import { rbacBinaries } from "../../test/fixtures/rbac/binaries.ts";
import { startControlPlane, type ControlPlane } from "../../test/integration/control-plane.ts";

const { values } = parseArgs({
  options: { kubeconfig: { type: "string" }, version: { type: "string" } },
});

let plane: ControlPlane | undefined;
let kubeconfig = values.kubeconfig ?? process.env["KUBECONFIG"];
if (kubeconfig === undefined) {
  // The bootstrap policy is written by kube-apiserver's post-start hook: the controller manager
  // (which fills aggregated roles, which Tenet resolves itself) is optional here.
  const binaries = rbacBinaries();
  if (binaries === undefined) {
    console.error(
      "derive-bootstrap-policy: no kubeconfig given and no kube-apiserver built (scripts/k8s/build.sh)",
    );
    process.exit(1);
  }
  plane = await startControlPlane({
    binaries,
    controllerManager: existsSync(binaries.kubeControllerManager),
  });
  kubeconfig = plane.info.kubeconfig;
}

try {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  const rbac = config.makeApiClient(RbacAuthorizationV1Api);
  const code = await config.makeApiClient(VersionApi).getCode();
  const labelSelector = `${BOOTSTRAP_LABEL}=${BOOTSTRAP_LABEL_VALUE}`;
  // The rbac/bootstrap-roles post-start hook has run once /readyz is ok (the harness waits).
  const [clusterRoles, clusterRoleBindings, roles, roleBindings] = await Promise.all([
    rbac.listClusterRole({ labelSelector }),
    rbac.listClusterRoleBinding({ labelSelector }),
    rbac.listRoleForAllNamespaces({ labelSelector }),
    rbac.listRoleBindingForAllNamespaces({ labelSelector }),
  ]);
  const minor = /^v\d+\.\d+/.exec(code.gitVersion)?.[0] ?? code.gitVersion;
  const version = values.version ?? minor;
  const objects = normalizeBootstrapObjects([
    ...clusterRoles.items.map((object) => ({ kind: "ClusterRole", object: plain(object) })),
    ...clusterRoleBindings.items.map((object) => ({
      kind: "ClusterRoleBinding",
      object: plain(object),
    })),
    ...roles.items.map((object) => ({ kind: "Role", object: plain(object) })),
    ...roleBindings.items.map((object) => ({ kind: "RoleBinding", object: plain(object) })),
  ]);
  const file = join(import.meta.dirname, "../../src/engines/rbac/bootstrap", `${version}.json`);
  // A binary built from Go modules without ldflags reports the placeholder `$Format:%H$`.
  const commit = /^[0-9a-f]{40}$/.test(code.gitCommit) ? ` (${code.gitCommit})` : "";
  const body = {
    version,
    derivedFrom: `kube-apiserver ${code.gitVersion}${commit}, label ${labelSelector}, by scripts/k8s/derive-bootstrap-policy.ts`,
    objects,
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  console.log(`wrote ${objects.length} objects from ${code.gitVersion} to ${file}`);
} finally {
  try {
    await plane?.stop();
  } finally {
    // The control plane's data and certificates served this run only.
    if (plane !== undefined) await rm(plane.info.dir, { recursive: true, force: true });
  }
}

/** The client's model objects as plain JSON (dates as strings, no class instances). */
function plain(object: unknown): unknown {
  return JSON.parse(JSON.stringify(object)) as unknown;
}
