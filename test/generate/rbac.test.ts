import { describe, expect, it } from "vitest";
import { buildRbacEngine } from "../../src/engines/rbac/index.ts";
import { generateRbac } from "../../src/generate/rbac/generate.ts";
import { observedRequest, type ObservedRequest } from "../../src/generate/rbac/requests.ts";
import { buildInventory } from "../../src/model/inventory.ts";
import { readAuditRequests } from "../../src/sources/flows/read-audit.ts";
import { loadSources } from "../../src/sources/index.ts";

const dir = "test/fixtures/generate/rbac";
const SA = "system:serviceaccount:shop:api";

async function observed(): Promise<{ requests: ObservedRequest[]; rejected: number }> {
  const requests: ObservedRequest[] = [];
  const read = await readAuditRequests(`${dir}/audit.jsonl`, (event) => {
    const request = observedRequest(event);
    if (request !== undefined) requests.push(request);
  });
  return { requests, rejected: read.rejected.length };
}

describe("generate rbac from an audit log", () => {
  it("grants exactly the requests made, and proves it against near misses", async () => {
    const { requests, rejected } = await observed();
    expect(rejected).toBe(1);
    const result = generateRbac({ requests, users: [SA, "bob"] });
    expect(result.missingUsers).toEqual(["bob"]);
    expect(result.counts[SA]).toEqual({ allowed: 10, denied: 1 });
    expect(
      result.objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`),
    ).toEqual([
      `ClusterRole /tenet:${SA}`,
      `ClusterRoleBinding /tenet:${SA}`,
      `Role kube-system/tenet:${SA}`,
      `RoleBinding kube-system/tenet:${SA}`,
      `Role shop/tenet:${SA}`,
      `RoleBinding shop/tenet:${SA}`,
    ]);
    const shop = result.objects.find((o) => o.kind === "Role" && o.metadata.namespace === "shop");
    expect(shop?.["rules"]).toEqual([
      // The watch narrowed by fieldSelector is authorized for that name, like the get.
      {
        apiGroups: [""],
        resources: ["configmaps"],
        verbs: ["get", "watch"],
        resourceNames: ["app-config"],
      },
      // A create names no object to the authorizer, whatever objectRef.name says.
      { apiGroups: [""], resources: ["events"], verbs: ["create"] },
      // A generated pod name widens get to every name; get and list then share a rule.
      { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["db-creds"] },
      {
        apiGroups: ["apps"],
        resources: ["deployments/scale"],
        verbs: ["patch"],
        resourceNames: ["worker"],
      },
    ]);
    expect(result.broadenings).toEqual([
      expect.objectContaining({ rule: "get pods", scope: "shop" }),
    ]);
    const cluster = result.objects.find((o) => o.kind === "ClusterRole");
    expect(cluster?.["rules"]).toEqual([
      { apiGroups: [""], resources: ["nodes"], verbs: ["list"] },
      { verbs: ["get"], nonResourceURLs: ["/healthz"] },
    ]);
    expect(result.objects.find((o) => o.kind === "RoleBinding")?.["subjects"]).toEqual([
      { kind: "ServiceAccount", name: "api", namespace: "shop" },
    ]);
    expect(result.proof.checked).toBe(10);
    expect(result.proof.failures).toEqual([]);
    expect(result.proof.nearMisses).toBeGreaterThan(50);
    expect(result.proof.nearMissesAllowed).toEqual([]);
    // The denied delete is never granted.
    const engine = buildRbacEngine(
      buildInventory(result.objects.map((object) => ({ object, location: { file: "gen" } })))
        .inventory,
    );
    const user = { name: SA, groups: [] };
    const del = {
      kind: "resource",
      verb: "delete",
      namespace: "shop",
      apiGroup: "",
      resource: "pods",
      subresource: "",
      name: "db-0",
    } as const;
    expect(engine.can(user, del).allowed).toBe(false);
  });

  it("reports what the RBAC in force grants that was never used", async () => {
    const { requests } = await observed();
    const loaded = await loadSources([`${dir}/existing-rbac.yaml`], {});
    const existing = buildRbacEngine(buildInventory(loaded.objects).inventory);
    const result = generateRbac({ requests, users: [SA], existing });
    expect(result.unused.map((u) => u.grant)).toEqual([
      "RoleBinding shop/api -> Role shop/api rule[2]: create jobs groups=batch",
    ]);
  });

  it("drops resourceNames past the limit, and says so", async () => {
    const { requests } = await observed();
    const result = generateRbac({ requests, users: [SA], maxResourceNames: 0 });
    expect(result.broadenings.map((b) => b.rule)).toContain("get secrets");
    expect(result.proof.failures).toEqual([]);
    expect(result.proof.nearMissesAllowed).toEqual([]);
    // Every configmap is now watchable: the proof says so instead of hiding it.
    expect(result.proof.nearMissesBroadened).toContainEqual({
      user: SA,
      request: "watch configmaps in shop",
    });
  });
});
