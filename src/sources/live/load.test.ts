import { afterEach, describe, expect, it } from "vitest";
import { SourceError } from "../../model/errors.ts";
import {
  startFakeApiServer,
  type FakeApiServer,
  type FakeResource,
} from "../../../test/integration/fake-api-server.ts";
import { loadLiveCluster, type LiveLoadOptions } from "./index.ts";

const FAST_RETRY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

function pods(count: number, namespace = "default"): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    metadata: { name: `p${i}`, namespace, managedFields: [{ manager: "kubectl" }] },
    spec: { containers: [{ name: "c", image: "nginx" }] },
  }));
}

const core = (
  kind: string,
  resource: string,
  items: Record<string, unknown>[],
  namespaced = true,
): FakeResource => ({
  group: "",
  version: "v1",
  kind,
  resource,
  namespaced,
  items,
});

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function load(
  resources: FakeResource[],
  options: Partial<LiveLoadOptions> = {},
  aggregated = true,
) {
  server = await startFakeApiServer({ resources, aggregated });
  const result = await loadLiveCluster({
    kubeconfig: server.kubeconfig,
    retry: FAST_RETRY,
    env: {},
    ...options,
  });
  return { result, server };
}

describe("loadLiveCluster", () => {
  it("lists every page, sets apiVersion/kind and drops managedFields", async () => {
    const { result, server } = await load([core("Pod", "pods", pods(7))], { pageSize: 3 });
    expect(result.objects.map((o) => o.object.metadata.name)).toEqual([
      "p0",
      "p1",
      "p2",
      "p3",
      "p4",
      "p5",
      "p6",
    ]);
    expect(result.objects[0]?.object).toMatchObject({ apiVersion: "v1", kind: "Pod" });
    expect(result.objects[0]?.object.metadata).not.toHaveProperty("managedFields");
    expect(result.objects[0]?.location).toEqual({ file: "cluster:fake" });
    expect(result.files).toEqual(["cluster:fake"]);
    expect(server.requests.filter((r) => r.startsWith("/api/v1/pods"))).toEqual([
      "/api/v1/pods?limit=3",
      "/api/v1/pods?limit=3&continue=3",
      "/api/v1/pods?limit=3&continue=6",
    ]);
  });

  it("reads only kinds the checks need, in every group that serves them", async () => {
    const calico: FakeResource = {
      group: "crd.projectcalico.org",
      version: "v1",
      kind: "NetworkPolicy",
      resource: "networkpolicies",
      namespaced: true,
      items: [{ metadata: { name: "calico", namespace: "a" } }],
    };
    const upstream: FakeResource = {
      ...calico,
      group: "networking.k8s.io",
      items: [{ metadata: { name: "k8s", namespace: "a" } }],
    };
    const unknown = core("Event", "events", [{ metadata: { name: "e", namespace: "a" } }]);
    const { result } = await load([calico, upstream, unknown]);
    expect(
      result.objects.map((o) => `${o.object.apiVersion} ${o.object.metadata.name}`).sort(),
    ).toEqual(["crd.projectcalico.org/v1 calico", "networking.k8s.io/v1 k8s"]);
  });

  it("uses legacy discovery when the server has no aggregated discovery", async () => {
    const roles: FakeResource = {
      group: "rbac.authorization.k8s.io",
      version: "v1",
      kind: "ClusterRole",
      resource: "clusterroles",
      namespaced: false,
      items: [{ metadata: { name: "view" } }],
    };
    const { result, server } = await load([roles, core("Pod", "pods", pods(1))], {}, false);
    expect(result.objects.map((o) => o.object.kind).sort()).toEqual(["ClusterRole", "Pod"]);
    expect(server.requests).toContain("/apis/rbac.authorization.k8s.io/v1");
  });

  it("strips Secret data unless asked for it", async () => {
    const secret = {
      metadata: { name: "s", namespace: "a" },
      type: "Opaque",
      data: { k: "c2VjcmV0" },
      stringData: { k: "x" },
    };
    const { result } = await load([core("Secret", "secrets", [secret])]);
    expect(result.objects[0]?.object).not.toHaveProperty("data");
    expect(result.objects[0]?.object).not.toHaveProperty("stringData");
    expect(result.objects[0]?.object).toHaveProperty("type", "Opaque");
    await server?.close();
    const withData = await load([core("Secret", "secrets", [secret])], { includeSecretData: true });
    expect(withData.result.objects[0]?.object).toHaveProperty("data", { k: "c2VjcmV0" });
  });

  it("lists namespaced kinds per requested namespace, cluster-scoped kinds whole", async () => {
    const namespaces = core(
      "Namespace",
      "namespaces",
      [{ metadata: { name: "a" } }, { metadata: { name: "b" } }],
      false,
    );
    const { result, server } = await load(
      [namespaces, core("Pod", "pods", [...pods(2, "a"), ...pods(3, "b")])],
      {
        namespaces: ["b"],
      },
    );
    expect(result.objects.filter((o) => o.object.kind === "Pod")).toHaveLength(3);
    expect(result.objects.filter((o) => o.object.kind === "Namespace")).toHaveLength(2);
    expect(server.requests).toContain("/api/v1/namespaces/b/pods?limit=500");
  });

  it("reports a forbidden kind as unobserved and still reads the others", async () => {
    const { result } = await (async () => {
      server = await startFakeApiServer({
        resources: [core("Pod", "pods", pods(2)), core("Secret", "secrets", [])],
      });
      server.setFault((path) =>
        path === "/api/v1/secrets"
          ? {
              status: 403,
              body: {
                kind: "Status",
                message: 'secrets is forbidden: User "u" cannot list resource "secrets"',
              },
            }
          : undefined,
      );
      return {
        result: await loadLiveCluster({
          kubeconfig: server.kubeconfig,
          retry: FAST_RETRY,
          env: {},
        }),
      };
    })();
    expect(result.objects).toHaveLength(2);
    expect(result.unobserved).toEqual([
      {
        apiVersion: "v1",
        kind: "Secret",
        reason: '403: secrets is forbidden: User "u" cannot list resource "secrets"',
      },
    ]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "unobserved-kind",
      file: "cluster:fake",
    });
    expect(result.diagnostics[0]?.message).toMatch(/^unobserved: Secret \(v1\)/);
  });

  it("retries 429 (with Retry-After), 503 and dropped connections mid-list", async () => {
    server = await startFakeApiServer({ resources: [core("Pod", "pods", pods(5))] });
    const faults = new Map<string, ("reset" | number)[]>([
      ["0", [429, 503]],
      ["2", ["reset"]],
    ]);
    server.setFault((path, url) => {
      if (path !== "/api/v1/pods") return undefined;
      const next = faults.get(url.searchParams.get("continue") ?? "0")?.shift();
      if (next === undefined) return undefined;
      return next === "reset" ? "reset" : { status: next, headers: { "retry-after": "0" } };
    });
    const result = await loadLiveCluster({
      kubeconfig: server.kubeconfig,
      retry: FAST_RETRY,
      pageSize: 2,
      env: {},
    });
    expect(result.objects).toHaveLength(5);
    expect(result.diagnostics).toEqual([]);
    expect(server.requests.filter((r) => r.startsWith("/api/v1/pods"))).toHaveLength(6);
  });

  it("gives up after the retry budget and marks the kind unobserved", async () => {
    server = await startFakeApiServer({
      resources: [core("Pod", "pods", pods(1)), core("Service", "services", [])],
    });
    server.setFault((path) => (path === "/api/v1/pods" ? { status: 500 } : undefined));
    const result = await loadLiveCluster({
      kubeconfig: server.kubeconfig,
      retry: FAST_RETRY,
      env: {},
    });
    expect(result.unobserved.map((u) => u.kind)).toEqual(["Pod"]);
    expect(server.requests.filter((r) => r.startsWith("/api/v1/pods"))).toHaveLength(
      FAST_RETRY.attempts,
    );
  });

  it("relists from the start when the continue token has expired (410)", async () => {
    server = await startFakeApiServer({ resources: [core("Pod", "pods", pods(4))] });
    let expired = false;
    server.setFault((_path, url) => {
      if (url.searchParams.get("continue") !== "2" || expired) return undefined;
      expired = true;
      return {
        status: 410,
        body: { kind: "Status", reason: "Expired", message: "continue token expired" },
      };
    });
    const result = await loadLiveCluster({
      kubeconfig: server.kubeconfig,
      retry: FAST_RETRY,
      pageSize: 2,
      env: {},
    });
    expect(result.objects.map((o) => o.object.metadata.name)).toEqual(["p0", "p1", "p2", "p3"]);
  });

  it("fails with a clear error when the server refuses connections", async () => {
    server = await startFakeApiServer({ resources: [] });
    const { kubeconfig } = server;
    await server.close();
    server = undefined;
    await expect(loadLiveCluster({ kubeconfig, retry: FAST_RETRY, env: {} })).rejects.toThrow(
      /cannot connect to http:\/\/127\.0\.0\.1:\d+: connection refused/,
    );
  });

  it("fails with a clear error for a 401", async () => {
    server = await startFakeApiServer({ resources: [] });
    server.setFault(() => ({ status: 401 }));
    const error: unknown = await loadLiveCluster({
      kubeconfig: server.kubeconfig,
      retry: FAST_RETRY,
      env: {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(String(error)).toMatch(
      /rejected the credentials of user "fake" .* \(401 Unauthorized\)/,
    );
  });

  it("reports kinds not read before the deadline as unobserved", async () => {
    server = await startFakeApiServer({ resources: [core("Pod", "pods", pods(1))] });
    // Every list attempt is refused with a long Retry-After: the deadline comes first.
    server.setFault((path) =>
      path === "/api/v1/pods" ? { status: 429, headers: { "retry-after": "60" } } : undefined,
    );
    const result = await loadLiveCluster({
      kubeconfig: server.kubeconfig,
      retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 60_000 },
      timeoutMs: 300,
      env: {},
    });
    expect(result.unobserved).toEqual([
      { apiVersion: "v1", kind: "Pod", reason: "timed out after 300 ms" },
    ]);
  });

  it("reports progress once per kind", async () => {
    const seen: string[] = [];
    await load([core("Pod", "pods", pods(2)), core("Service", "services", [])], {
      onProgress: (p) => seen.push(`${p.done}/${p.total} ${p.finished} ${p.objects}`),
    });
    expect(seen.sort()).toEqual(["1/2 v1 Pod 2", "2/2 v1 Service 0"].sort());
  });
});
