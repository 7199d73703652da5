import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SourceError } from "../../src/model/errors.ts";
import { loadSources } from "../../src/sources/index.ts";
import { loadLiveCluster } from "../../src/sources/live/index.ts";
import { runCli } from "../helpers/cli.ts";
import { makeTempDir, suiteTempDir } from "../helpers/temp-dir.ts";
import { identityKubeconfig, kubectl } from "./identities.ts";
import { createCa } from "./pki.ts";
import { planeOf, sharedControlPlane, uniqueNamespace } from "./shared.ts";

const shared = sharedControlPlane();

/** Objects applied to a fresh namespace; enough ConfigMaps to need several pages. */
function manifests(namespace: string): string {
  const configMaps = Array.from(
    { length: 7 },
    (_, i) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: ${namespace}}\ndata: {k: v}\n`,
  );
  return [
    ...configMaps,
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}, labels: {app: web}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, securityContext: {privileged: true}}]}
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ${namespace}}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`,
    `apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: ${namespace}}
stringData: {password: hunter2}
`,
  ].join("---\n");
}

describe.skipIf(shared === undefined)("loadLiveCluster against kube-apiserver", () => {
  const plane = planeOf(shared);
  const namespace = uniqueNamespace("live");
  const dir = suiteTempDir("tenet-live-");

  beforeAll(async () => {
    await kubectl(plane, ["create", "namespace", namespace]);
    const file = join(dir(), "objects.yaml");
    await writeFile(file, manifests(namespace));
    await kubectl(plane, ["apply", "-f", file]);
  });

  it("reads the applied objects, a few per page", async () => {
    const reader = await identityKubeconfig(plane, {
      user: "paging-reader",
      groups: ["system:masters"],
    });
    const result = await loadLiveCluster({
      kubeconfig: reader,
      namespaces: [namespace],
      pageSize: 2,
      env: {},
    });
    const mine = result.objects.filter((o) => o.object.metadata.namespace === namespace);
    const names = mine.map((o) => `${o.object.kind}/${o.object.metadata.name}`).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        ...Array.from({ length: 7 }, (_, i) => `ConfigMap/cm-${i}`),
        "Deployment/web",
        "NetworkPolicy/deny-all",
        "Secret/creds",
      ]),
    );
    expect(result.unobserved).toEqual([]);
    expect(result.files).toEqual(["cluster:tenet-test"]);
    const deployment = mine.find((o) => o.object.kind === "Deployment")?.object;
    expect(deployment?.apiVersion).toBe("apps/v1");
    // Defaulted by the apiserver: proof that this came from the server, not the manifest.
    expect(deployment).toHaveProperty("spec.replicas", 1);
    const secret = mine.find((o) => o.object.kind === "Secret")?.object;
    expect(secret).not.toHaveProperty("data");
    expect(secret).toHaveProperty("type", "Opaque");
    // The audit log shows the server was asked for pages: limit=2, then continue tokens. The
    // last event may land just after the response: read the log until it has them all.
    let uris: string[] = [];
    for (let waited = 0; waited <= 10_000; waited += 200) {
      uris = (await readFile(plane.auditLog, "utf8"))
        .split("\n")
        .filter((line) => line.endsWith("}") && line.includes('"username":"paging-reader"'))
        .map((line) => (JSON.parse(line) as { requestURI: string }).requestURI)
        .filter((uri) => uri.startsWith(`/api/v1/namespaces/${namespace}/configmaps?`));
      if (uris.length >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(uris.every((uri) => uri.includes("limit=2"))).toBe(true);
    expect(uris.length).toBeGreaterThanOrEqual(4);
    expect(uris.filter((uri) => uri.includes("continue=")).length).toBe(uris.length - 1);
  });

  it("keeps Secret data only when asked", async () => {
    const result = await loadLiveCluster({
      kubeconfig: plane.kubeconfig,
      namespaces: [namespace],
      kinds: new Set(["Secret"]),
      includeSecretData: true,
      env: {},
    });
    const secret = result.objects.find((o) => o.object.metadata.name === "creds")?.object;
    expect(secret).toHaveProperty("data.password", Buffer.from("hunter2").toString("base64"));
  });

  it("names the kinds it may not read as unobserved, and reads the rest", async () => {
    const user = uniqueNamespace("pods-only");
    await kubectl(plane, [
      "create",
      "clusterrole",
      user,
      "--verb=list",
      "--resource=pods,namespaces",
    ]);
    await kubectl(plane, [
      "create",
      "clusterrolebinding",
      user,
      `--clusterrole=${user}`,
      `--user=${user}`,
    ]);
    const kubeconfig = await identityKubeconfig(plane, { user });
    const result = await loadLiveCluster({
      kubeconfig,
      kinds: new Set(["Pod", "Namespace", "Secret", "ClusterRole"]),
      env: {},
    });
    expect(result.unobserved.map((u) => `${u.apiVersion} ${u.kind}`).sort()).toEqual([
      "rbac.authorization.k8s.io/v1 ClusterRole",
      "v1 Secret",
    ]);
    expect(result.unobserved[0]?.reason).toMatch(
      /^403: .*forbidden: User "pods-only-\w+" cannot list resource/,
    );
    expect(
      result.objects.some(
        (o) => o.object.kind === "Namespace" && o.object.metadata.name === namespace,
      ),
    ).toBe(true);
    expect(
      result.diagnostics.every((d) => d.severity === "error" && d.code === "unobserved-kind"),
    ).toBe(true);
  });

  it("says so clearly when the kubeconfig trusts the wrong CA", async () => {
    const otherCa = await createCa(await makeTempDir("tenet-other-ca-"));
    const kubeconfig = await identityKubeconfig(plane, {
      user: "admin",
      groups: ["system:masters"],
      caFile: otherCa.ca.cert,
    });
    const error: unknown = await loadLiveCluster({ kubeconfig, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(String(error)).toMatch(
      /cannot verify https:\/\/127\.0\.0\.1:\d+: its certificate is not signed by the certificate authority in /,
    );
  });

  it("says so clearly when the client certificate has expired", async () => {
    const kubeconfig = await identityKubeconfig(plane, {
      user: "admin",
      groups: ["system:masters"],
      days: -1,
    });
    await expect(loadLiveCluster({ kubeconfig, env: {} })).rejects.toThrow(
      /rejected the credentials of user "admin" .*\(401 Unauthorized\): the client certificate expired on /,
    );
  });

  it("snapshots what it reads, and the snapshot loads back to the same objects", async () => {
    const file = join(await makeTempDir("tenet-snap-"), "snapshot.yaml");
    const run = await runCli([
      "snapshot",
      "--kubeconfig",
      plane.kubeconfig,
      "-n",
      namespace,
      "-o",
      file,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const offline = await loadSources([file]);
    expect(offline.diagnostics).toEqual([]);
    const live = await loadLiveCluster({
      kubeconfig: plane.kubeconfig,
      namespaces: [namespace],
      env: {},
    });
    // This test's namespace only: nothing else writes there. Controllers may still be updating
    // the status of the Deployment and what it owns, so those compare by identity only.
    const inNamespace = (objects: typeof live.objects) =>
      objects.filter((o) => o.object.metadata.namespace === namespace).map((o) => o.object);
    const isControlled = (kind: string) => ["Deployment", "ReplicaSet", "Pod"].includes(kind);
    const identities = (objects: typeof live.objects) =>
      inNamespace(objects).map((o) => `${o.kind}/${o.metadata.name}`);
    const settled = (objects: typeof live.objects) =>
      inNamespace(objects).filter((o) => !isControlled(o.kind));
    expect(identities(offline.objects)).toEqual(identities(live.objects));
    expect(settled(offline.objects)).toEqual(settled(live.objects));
    expect(settled(offline.objects).length).toBeGreaterThanOrEqual(9);
  });
});
