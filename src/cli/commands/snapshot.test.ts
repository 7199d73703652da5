import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSources } from "../../sources/index.ts";
import {
  startFakeApiServer,
  type FakeApiServer,
} from "../../../test/integration/fake-api-server.ts";
import { runCli } from "../../../test/helpers/cli.ts";
import { makeTempDir } from "../../../test/helpers/temp-dir.ts";

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const pod = (name: string) => ({
  metadata: { name, namespace: "shop", labels: { app: name } },
  spec: { containers: [{ name: "c", image: "nginx", securityContext: { privileged: true } }] },
});

describe("tenet snapshot", () => {
  it("writes every object read to multi-document YAML that loads back unchanged", async () => {
    server = await startFakeApiServer({
      resources: [
        {
          group: "",
          version: "v1",
          kind: "Pod",
          resource: "pods",
          namespaced: true,
          items: [pod("a"), pod("b")],
        },
        {
          group: "",
          version: "v1",
          kind: "Secret",
          resource: "secrets",
          namespaced: true,
          items: [
            {
              metadata: { name: "s", namespace: "shop" },
              type: "Opaque",
              data: { password: "aHVudGVyMg==" },
            },
          ],
        },
      ],
    });
    const file = join(await makeTempDir("tenet-snapshot-"), "cluster.yaml");
    const run = await runCli(["snapshot", "--kubeconfig", server.kubeconfig, "-o", file]);
    expect(run.stderr).toContain("wrote 3 objects from cluster:fake");
    expect(run.code).toBe(0);
    const text = await readFile(file, "utf8");
    expect(text).not.toContain("aHVudGVyMg==");
    expect(text).toMatch(
      /^# tenet snapshot of cluster:fake \(http:\/\/127\.0\.0\.1:\d+\) taken 2026-06-01T00:00:00\.000Z/,
    );
    const loaded = await loadSources([file]);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.objects.map((o) => o.object)).toEqual([
      { apiVersion: "v1", kind: "Pod", ...pod("a") },
      { apiVersion: "v1", kind: "Pod", ...pod("b") },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "s", namespace: "shop" },
        type: "Opaque",
      },
    ]);
  });

  it("names unobserved kinds in the file and exits 2", async () => {
    server = await startFakeApiServer({
      resources: [
        {
          group: "",
          version: "v1",
          kind: "Secret",
          resource: "secrets",
          namespaced: true,
          items: [],
        },
      ],
    });
    server.setFault((path) =>
      path === "/api/v1/secrets" ? { status: 403, body: { message: "forbidden" } } : undefined,
    );
    const run = await runCli(["snapshot", "--kubeconfig", server.kubeconfig, "-o", "-"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("# unobserved: v1 Secret: 403: forbidden");
    expect(run.stderr).toContain("unobserved: Secret (v1) could not be read: 403: forbidden");
  });

  it("fails with exit 2 and a clear message when no kubeconfig exists", async () => {
    const run = await runCli(["snapshot", "--kubeconfig", "/nonexistent/kubeconfig", "-o", "-"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tenet: \/nonexistent\/kubeconfig: cannot read kubeconfig: ENOENT/);
  });
});
