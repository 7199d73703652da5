import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngines } from "../../src/engines/index.ts";
import { buildInventory } from "../../src/model/inventory.ts";
import { loadSources } from "../../src/sources/index.ts";
import { loadLiveCluster } from "../../src/sources/live/index.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { isAllowed, type AccessQuestion } from "./admin-api.ts";
import { kubectl } from "./identities.ts";
import { writeKubeconfig } from "./kubeconfig.ts";
import { planeOf, sharedControlPlane } from "./shared.ts";

const shared = sharedControlPlane();
const READER = new URL("../../deploy/rbac/tenet-reader.yaml", import.meta.url).pathname;
const SECRET_READER = new URL("../../deploy/rbac/tenet-secret-reader.yaml", import.meta.url)
  .pathname;
const TENET = {
  user: "system:serviceaccount:tenet-system:tenet",
  groups: ["system:serviceaccounts", "system:serviceaccounts:tenet-system", "system:authenticated"],
};
const NOBODY = { ...TENET, user: "system:serviceaccount:tenet-system:nobody" };
const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

/** Every resource the server serves, from `kubectl api-resources` (`name.group`). */
async function servedResources(
  plane: ReturnType<typeof planeOf>,
): Promise<{ group: string; resource: string }[]> {
  const names = (await kubectl(plane, ["api-resources", "--no-headers", "-o", "name"]))
    .trim()
    .split("\n");
  return names.map((name) => {
    const dot = name.indexOf(".");
    return dot < 0
      ? { group: "", resource: name }
      : { group: name.slice(dot + 1), resource: name.slice(0, dot) };
  });
}

async function allowedAmong(
  plane: ReturnType<typeof planeOf>,
  subject: typeof TENET,
  questions: readonly AccessQuestion[],
): Promise<string[]> {
  const allowed: string[] = [];
  // A few at a time: hundreds of reviews at once would only queue in the apiserver.
  for (let i = 0; i < questions.length; i += 16) {
    const batch = questions.slice(i, i + 16);
    const answers = await Promise.all(batch.map((q) => isAllowed(plane, subject, q)));
    batch.forEach((q, j) => {
      if (answers[j] === true) allowed.push(`${q.verb} ${q.group}/${q.resource}`);
    });
  }
  return allowed;
}

async function tokenKubeconfig(plane: ReturnType<typeof planeOf>): Promise<string> {
  const token = (
    await kubectl(plane, ["-n", "tenet-system", "create", "token", "tenet", "--duration=10m"])
  ).trim();
  const path = join(await makeTempDir("tenet-sa-"), "kubeconfig");
  await writeKubeconfig(path, { server: plane.server, caFile: plane.caCert, user: "tenet", token });
  return path;
}

describe.skipIf(shared === undefined)("deploy/rbac against kube-apiserver", () => {
  const plane = planeOf(shared);

  beforeAll(async () => {
    await kubectl(plane, ["apply", "-f", READER]);
  });

  it("adds nothing but list to what every ServiceAccount may do, and nothing on Secrets", async () => {
    const resources = await servedResources(plane);
    expect(resources.length).toBeGreaterThan(40);
    const questions = resources.flatMap(({ group, resource }) =>
      VERBS.map((verb) => ({ verb, group, resource, namespace: "default" })),
    );
    // Every authenticated user has a few grants (self reviews, discovery): the baseline.
    const baseline = new Set(await allowedAmong(plane, NOBODY, questions));
    const added = (await allowedAmong(plane, TENET, questions)).filter((q) => !baseline.has(q));
    expect(added.filter((q) => !q.startsWith("list "))).toEqual([]);
    expect(added).toEqual(
      expect.arrayContaining(["list /pods", "list rbac.authorization.k8s.io/clusterroles"]),
    );
    const secrets = ["get", "list", "watch"].map((verb) => ({
      verb,
      group: "",
      resource: "secrets",
    }));
    expect(await allowedAmong(plane, TENET, secrets)).toEqual([]);
    const escalation = [
      { verb: "impersonate", group: "", resource: "users" },
      { verb: "impersonate", group: "", resource: "serviceaccounts" },
      { verb: "escalate", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
      { verb: "bind", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
      { verb: "create", group: "", resource: "serviceaccounts/token", namespace: "kube-system" },
    ];
    expect(await allowedAmong(plane, TENET, escalation)).toEqual([]);
  });

  it("Tenet's own RBAC engine gives the apiserver's answer to every one of those questions", async () => {
    const loaded = await loadSources([READER]);
    const engines = createEngines(buildInventory(loaded.objects).inventory);
    const questions = (await servedResources(plane)).flatMap(({ group, resource }) =>
      VERBS.map((verb) => ({ verb, group, resource, namespace: "default" })),
    );
    const server = new Set(await allowedAmong(plane, TENET, questions));
    const disagreements = questions
      .map((q) => {
        const decision = engines.rbac.can(
          { name: TENET.user, groups: TENET.groups },
          {
            kind: "resource",
            verb: q.verb,
            namespace: q.namespace,
            apiGroup: q.group,
            resource: q.resource,
            subresource: "",
            name: "",
          },
        );
        const key = `${q.verb} ${q.group}/${q.resource}`;
        return decision.allowed === server.has(key)
          ? undefined
          : `${key}: engine ${String(decision.allowed)}`;
      })
      .filter((line) => line !== undefined);
    expect(disagreements).toEqual([]);
    expect(server.size).toBeGreaterThan(20);
  });

  it("is enough for a live scan of every kind Tenet reads except Secret", async () => {
    const result = await loadLiveCluster({ kubeconfig: await tokenKubeconfig(plane), env: {} });
    expect(result.unobserved.map((u) => `${u.apiVersion} ${u.kind}`)).toEqual(["v1 Secret"]);
    expect(
      result.objects.some(
        (o) => o.object.kind === "ClusterRole" && o.object.metadata.name === "tenet-reader",
      ),
    ).toBe(true);
  });

  it("the opt-in role adds list on Secrets and nothing else", async () => {
    await kubectl(plane, ["apply", "-f", SECRET_READER]);
    const listSecrets = { verb: "list", group: "", resource: "secrets" };
    // The RBAC authorizer reads bindings from an informer: allow it a moment to see the new one.
    for (
      let waited = 0;
      !(await isAllowed(plane, TENET, listSecrets)) && waited < 30_000;
      waited += 200
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const questions = ["get", "list", "watch", "create", "update", "patch", "delete"].map(
      (verb) => ({
        ...listSecrets,
        verb,
        namespace: "default",
      }),
    );
    expect(await allowedAmong(plane, TENET, questions)).toEqual(["list /secrets"]);
    const result = await loadLiveCluster({
      kubeconfig: await tokenKubeconfig(plane),
      includeSecretData: true,
      env: {},
    });
    expect(result.unobserved).toEqual([]);
  });
});
