import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadLiveCluster } from "../../src/sources/live/index.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { adminRequest, etcdValue } from "./admin-api.ts";
import { findBinaries } from "./binaries.ts";
import { startControlPlane } from "./control-plane.ts";
import { kubectl } from "./identities.ts";
import { isAlive } from "./processes.ts";
import { planeOf, sharedControlPlane, uniqueNamespace } from "./shared.ts";

const shared = sharedControlPlane();

describe.skipIf(shared === undefined)("the test control plane", () => {
  const plane = planeOf(shared);

  it("serves the pinned Kubernetes version over TLS with client-certificate auth", async () => {
    const { status, json } = await adminRequest(plane, "GET", "/version");
    expect(status).toBe(200);
    expect((json as { gitVersion: string }).gitVersion).toBe(plane.kubernetesVersion);
  });

  it("encrypts Secrets at rest (secretbox) and audits requests", async () => {
    const namespace = uniqueNamespace("cp");
    await kubectl(plane, ["create", "namespace", namespace]);
    await kubectl(plane, [
      "-n",
      namespace,
      "create",
      "secret",
      "generic",
      "s",
      "--from-literal=k=plain-value",
    ]);
    const stored = await etcdValue(plane, `/registry/secrets/${namespace}/s`);
    expect(stored?.subarray(0, 25).toString()).toBe("k8s:enc:secretbox:v1:key1");
    expect(stored?.includes("plain-value")).toBe(false);
    const audit = readFileSync(plane.auditLog, "utf8");
    expect(audit).toContain(`"requestURI":"/api/v1/namespaces/${namespace}/secrets`);
  });

  it("runs the controller manager: new namespaces get a default ServiceAccount", async () => {
    const namespace = uniqueNamespace("cp-sa");
    await kubectl(plane, ["create", "namespace", namespace]);
    // The controller creates it asynchronously; kubectl wait polls until it exists.
    await kubectl(plane, [
      "-n",
      namespace,
      "wait",
      "--for=create",
      "serviceaccount/default",
      "--timeout=60s",
    ]);
  });
});

describe.skipIf(shared === undefined)("starting and stopping a control plane", () => {
  it("stops every process it started, after which a live load says the server is down", async () => {
    const lookup = findBinaries();
    if (!lookup.found) throw new Error(lookup.reason);
    const own = await startControlPlane({
      binaries: lookup.binaries,
      dir: await makeTempDir("tenet-k8s-"),
      controllerManager: false,
    });
    try {
      const live = await loadLiveCluster({
        kubeconfig: own.info.kubeconfig,
        kinds: new Set(["Namespace"]),
        env: {},
      });
      expect(live.objects.map((o) => o.object.metadata.name)).toContain("kube-system");
    } finally {
      await own.stop();
    }
    expect(own.info.pids.filter(isAlive)).toEqual([]);
    expect(existsSync(own.info.kubeconfig)).toBe(true);
    await expect(
      loadLiveCluster({
        kubeconfig: own.info.kubeconfig,
        retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
        env: {},
      }),
    ).rejects.toThrow(/^cannot connect to https:\/\/127\.0\.0\.1:\d+: connection refused/);
  }, 180_000);
});
