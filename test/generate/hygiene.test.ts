import { describe, expect, it } from "vitest";
import { automountPatches } from "../../src/generate/hygiene/automount.ts";
import { inventoryOf } from "../helpers/inventory.ts";

const deployment = (name: string, spec: Record<string, unknown>, ownerReferences?: unknown[]) => ({
  apiVersion: "apps/v1",
  kind: name === "rs" ? "ReplicaSet" : "Deployment",
  metadata: { name, namespace: "shop", ...(ownerReferences ? { ownerReferences } : {}) },
  spec: { template: { metadata: { labels: { app: name } }, spec } },
});

describe("automountServiceAccountToken patches", () => {
  it("patches only workloads whose ServiceAccount never called the API", () => {
    const inventory = inventoryOf(
      deployment("caller", { serviceAccountName: "caller", containers: [] }),
      deployment("silent", { serviceAccountName: "silent", containers: [] }),
      deployment("off", {
        serviceAccountName: "silent",
        automountServiceAccountToken: false,
        containers: [],
      }),
      deployment("sa-off", { serviceAccountName: "quiet", containers: [] }),
      deployment("explicit", {
        serviceAccountName: "quiet",
        automountServiceAccountToken: true,
        containers: [],
      }),
      deployment("rs", { containers: [] }, [{ kind: "Deployment", name: "x" }]),
      {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "quiet", namespace: "shop" },
        automountServiceAccountToken: false,
      },
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "nightly", namespace: "shop" },
        spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
      },
    );
    const patches = automountPatches(inventory, new Set(["system:serviceaccount:shop:caller"]));
    expect(patches.map((p) => `${p.patch.kind}/${p.patch.metadata.name}`)).toEqual([
      "CronJob/nightly",
      "Deployment/explicit",
      "Deployment/silent",
    ]);
    expect(patches[0]?.patch["spec"]).toEqual({
      jobTemplate: { spec: { template: { spec: { automountServiceAccountToken: false } } } },
    });
    expect(patches[1]?.note).toBe("the pod spec asks for the token explicitly");
  });
});
