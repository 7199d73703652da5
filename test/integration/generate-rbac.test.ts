import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toKubernetesYaml } from "../../src/model/kube-yaml.ts";
import { generateRbac, type GenerateRbacResult } from "../../src/generate/rbac/generate.ts";
import { nearMisses } from "../../src/generate/rbac/proof.ts";
import {
  observedRequest,
  requestCollector,
  type ObservedRequest,
} from "../../src/generate/rbac/requests.ts";
import { openSqliteStore } from "../../src/server/audit/sqlite-store.ts";
import { readAuditStore } from "../../src/sources/flows/read-audit-store.ts";
import type { Request } from "../../src/engines/rbac/types.ts";
import { parseAuditLine } from "../../src/sources/audit/parse-batch.ts";
import { subjectAccessReview } from "./admin-api.ts";
import { kubectl } from "./identities.ts";
import { planeOf, sharedControlPlane, uniqueNamespace } from "./shared.ts";

const shared = sharedControlPlane();

/** The apiserver's own answer for a request, name and subresource included. */
async function allowed(
  plane: ReturnType<typeof planeOf>,
  user: string,
  groups: readonly string[],
  request: Request,
): Promise<boolean> {
  return (await subjectAccessReview(plane, { name: user, groups }, request)).allowed;
}

/** Polls until the authorizer's cache has caught up with a change of RBAC objects. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the apiserver's RBAC cache did not catch up in 30 s");
}

describe.skipIf(shared === undefined)("tenet generate rbac against kube-apiserver", () => {
  const plane = planeOf(shared);
  const ns = uniqueNamespace("gen-rbac");
  const user = `system:serviceaccount:${ns}:worker`;
  const groups = ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"];
  const as = [`--as=${user}`, "-n", ns];
  let result: GenerateRbacResult;
  let observed: ObservedRequest[];

  beforeAll(async () => {
    await kubectl(plane, ["create", "namespace", ns]);
    await kubectl(plane, ["-n", ns, "create", "serviceaccount", "worker"]);
    await kubectl(plane, ["-n", ns, "create", "configmap", "app-config", "--from-literal=a=b"]);
    await kubectl(plane, [
      "-n",
      ns,
      "create",
      "secret",
      "generic",
      "db-creds",
      "--from-literal=p=q",
    ]);
    // A broad grant while the workload runs its calls, taken away before generating.
    await kubectl(plane, [
      "-n",
      ns,
      "create",
      "rolebinding",
      "broad",
      "--clusterrole=admin",
      `--serviceaccount=${ns}:worker`,
    ]);
    const getConfig: Request = {
      kind: "resource",
      verb: "get",
      namespace: ns,
      apiGroup: "",
      resource: "configmaps",
      subresource: "",
      name: "app-config",
    };
    const deletePods: Request = { ...getConfig, verb: "delete", resource: "pods", name: "x" };
    await until(() => allowed(plane, user, groups, getConfig));
    await kubectl(plane, [...as, "get", "configmap", "app-config"]);
    await kubectl(plane, [...as, "get", "secret", "db-creds"]);
    await kubectl(plane, [...as, "get", "pods"]);
    await kubectl(plane, [...as, "create", "configmap", "made-by-worker", "--from-literal=x=y"]);
    await kubectl(plane, [...as, "patch", "configmap", "app-config", "-p", '{"data":{"a":"c"}}']);
    await kubectl(plane, ["-n", ns, "delete", "rolebinding", "broad"]);
    await until(async () => !(await allowed(plane, user, groups, deletePods)));
    // The log backend writes each event as the request completes.
    const lines = (await readFile(plane.auditLog, "utf8")).split("\n");
    observed = lines.flatMap((line, index) => {
      const event = parseAuditLine(line, `audit.log:${index + 1}`);
      if (event === undefined || "reason" in event) return [];
      const request = observedRequest(event);
      return request === undefined || request.username !== user ? [] : [request];
    });
    result = generateRbac({ requests: observed, users: [user] });
    const file = join(plane.dir, `${ns}-rbac.yaml`);
    await writeFile(file, result.objects.map((o) => toKubernetesYaml(o)).join("---\n"));
    await kubectl(plane, ["apply", "--dry-run=server", "-f", file]);
    await kubectl(plane, ["apply", "-f", file]);
    await until(() => allowed(plane, user, groups, getConfig));
  }, 120_000);

  afterAll(async () => {
    await kubectl(plane, ["delete", "namespace", ns, "--wait=false"]);
  });

  it("records the workload's calls and the engine proves the generated roles", () => {
    const described = observed.map(
      (o) =>
        `${o.request.kind === "resource" ? `${o.request.verb} ${o.request.resource} ${o.request.name}` : o.request.path}`,
    );
    expect(described).toEqual(
      expect.arrayContaining([
        "get configmaps app-config",
        "get secrets db-creds",
        "list pods ",
        "create configmaps ",
        "patch configmaps app-config",
      ]),
    );
    expect(result.proof.failures).toEqual([]);
    expect(result.proof.nearMissesAllowed).toEqual([]);
  });

  it("the same events kept in the monitor's store give the same roles and proof", async () => {
    const events = (await readFile(plane.auditLog, "utf8")).split("\n").flatMap((text) => {
      const event = parseAuditLine(text, "audit.log");
      return event === undefined || "reason" in event ? [] : [event];
    });
    const path = join(plane.dir, `${ns}-audit.db`);
    const store = openSqliteStore(path);
    await store.ingest(events, () => ({ alerts: [], learned: [] }));
    await store.close();
    const collected = requestCollector();
    readAuditStore(path, {}, (event) => collected.add(event));
    const fromStore = generateRbac({ requests: collected.requests, users: [user] });
    expect(fromStore.objects).toEqual(result.objects);
    expect(fromStore.proof).toEqual(result.proof);
    expect(fromStore.counts).toEqual(result.counts);
  });

  it("the apiserver allows every recorded call and denies the near misses", async () => {
    const requests = observed.filter((o) => o.allowed).map((o) => o.request);
    for (const request of requests) {
      expect(await allowed(plane, user, groups, request), JSON.stringify(request)).toBe(true);
    }
    const recorded = new Set(requests.map((r) => JSON.stringify(r)));
    const misses = requests
      .filter((r) => r.kind === "resource")
      .flatMap((r) => nearMisses(r, r.name !== "" && r.verb !== "list"))
      .filter((miss) => !recorded.has(JSON.stringify(miss)));
    expect(misses.length).toBeGreaterThan(20);
    const allowedMisses: string[] = [];
    for (const miss of misses) {
      // A list naming no object covers named lists: the generated rule does too.
      if (miss.kind === "resource" && recorded.has(JSON.stringify({ ...miss, name: "" }))) continue;
      if (await allowed(plane, user, groups, miss)) allowedMisses.push(JSON.stringify(miss));
    }
    expect(allowedMisses).toEqual([]);
  }, 120_000);
});
