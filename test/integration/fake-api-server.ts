// An in-process stand-in for kube-apiserver's read paths (discovery, paginated lists), for unit
// tests of faults a real server will not produce on demand: 429s, 5xx, dropped connections.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { makeTempDir } from "../helpers/temp-dir.ts";

export interface FakeResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
  readonly items: readonly Record<string, unknown>[];
}

/** Return a response to override the normal one, `"reset"` to drop the connection. */
export type Fault = (
  path: string,
  url: URL,
) => { status: number; body?: unknown; headers?: Record<string, string> } | "reset" | undefined;

export interface FakeApiServer {
  readonly url: string;
  readonly kubeconfig: string;
  /** Every request path with its query, in order. */
  readonly requests: string[];
  setFault(fault: Fault | undefined): void;
  close(): Promise<void>;
}

export interface FakeApiOptions {
  readonly resources: readonly FakeResource[];
  /** Serve aggregated discovery (default) or only the legacy per-group documents. */
  readonly aggregated?: boolean;
}

export async function startFakeApiServer(options: FakeApiOptions): Promise<FakeApiServer> {
  const requests: string[] = [];
  let fault: Fault | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    requests.push(`${url.pathname}${url.search}`);
    const injected = fault?.(url.pathname, url);
    if (injected === "reset") {
      req.socket.destroy();
      return;
    }
    if (injected !== undefined) {
      res.writeHead(injected.status, { "content-type": "application/json", ...injected.headers });
      res.end(
        JSON.stringify(injected.body ?? { kind: "Status", message: `fault ${injected.status}` }),
      );
      return;
    }
    const answer = route(url, req.headers.accept ?? "", options);
    res.writeHead(answer === undefined ? 404 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer ?? { kind: "Status", code: 404, message: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Removed when the test finishes, not on close(): a test may read the kubeconfig after that.
  const dir = await makeTempDir("tenet-fake-api-");
  const kubeconfig = join(dir, "kubeconfig");
  await writeFile(
    kubeconfig,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "fake", cluster: { server: url, "insecure-skip-tls-verify": true } }],
      users: [{ name: "fake", user: { token: "t" } }],
      contexts: [{ name: "fake", context: { cluster: "fake", user: "fake" } }],
      "current-context": "fake",
    }),
  );
  return {
    url,
    kubeconfig,
    requests,
    setFault: (next) => {
      fault = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function route(url: URL, accept: string, options: FakeApiOptions): unknown {
  const { resources } = options;
  const aggregated = (options.aggregated ?? true) && accept.includes("as=APIGroupDiscoveryList");
  const path = url.pathname;
  const groups = [...new Set(resources.filter((r) => r.group !== "").map((r) => r.group))];
  if (path === "/api" || path === "/apis") {
    const core = path === "/api";
    if (aggregated) {
      const names = core ? [""] : groups;
      return {
        kind: "APIGroupDiscoveryList",
        apiVersion: "apidiscovery.k8s.io/v2",
        items: names.map((group) => ({
          metadata: { name: group },
          versions: versionsOf(resources, group).map((version) => ({
            version,
            resources: resources
              .filter((r) => r.group === group && r.version === version)
              .map((r) => ({
                resource: r.resource,
                responseKind: { group, version, kind: r.kind },
                scope: r.namespaced ? "Namespaced" : "Cluster",
                verbs: ["get", "list", "watch"],
              })),
          })),
        })),
      };
    }
    if (core) return { kind: "APIVersions", versions: ["v1"] };
    return {
      kind: "APIGroupList",
      groups: groups.map((name) => {
        const versions = versionsOf(resources, name);
        return {
          name,
          versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
          preferredVersion: { groupVersion: `${name}/${versions[0] ?? ""}`, version: versions[0] },
        };
      }),
    };
  }
  const groupVersion = /^\/api\/(v1)$/.exec(path) ?? /^\/apis\/([^/]+\/[^/]+)$/.exec(path);
  if (groupVersion !== null) {
    const [group, version] = path.startsWith("/api/")
      ? ["", "v1"]
      : (groupVersion[1] ?? "").split("/");
    return {
      kind: "APIResourceList",
      groupVersion: groupVersion[1],
      resources: resources
        .filter((r) => r.group === group && r.version === version)
        .flatMap((r) => [
          { name: r.resource, kind: r.kind, namespaced: r.namespaced, verbs: ["get", "list"] },
          { name: `${r.resource}/status`, kind: r.kind, namespaced: r.namespaced, verbs: ["get"] },
        ]),
    };
  }
  return list(url, resources);
}

function versionsOf(resources: readonly FakeResource[], group: string): string[] {
  return [...new Set(resources.filter((r) => r.group === group).map((r) => r.version))];
}

/** `limit`/`continue` as the apiserver does them; the continue token is the next offset here. */
function list(url: URL, resources: readonly FakeResource[]): unknown {
  // /api/v1[/namespaces/ns]/pods or /apis/g/v[/namespaces/ns]/plural
  const match = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(
    url.pathname,
  );
  if (match === null) return undefined;
  const [, group = "", version = "v1", namespace, plural] = match;
  const resource = resources.find(
    (r) => r.group === group && r.version === version && r.resource === plural,
  );
  if (resource === undefined) return undefined;
  const all = resource.items.filter(
    (item) =>
      namespace === undefined || (item.metadata as { namespace?: string }).namespace === namespace,
  );
  const offset = Number(url.searchParams.get("continue") ?? "0");
  const limit = Number(url.searchParams.get("limit") ?? String(all.length));
  const page = all.slice(offset, offset + limit);
  const next = offset + limit < all.length ? String(offset + limit) : undefined;
  return {
    kind: `${resource.kind}List`,
    apiVersion: group === "" ? version : `${group}/${version}`,
    metadata: next === undefined ? {} : { continue: next },
    items: page,
  };
}
