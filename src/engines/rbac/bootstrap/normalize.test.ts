import { describe, expect, it } from "vitest";
import { normalizeBootstrapObjects } from "./normalize.ts";

describe("bootstrap policy normalization", () => {
  it("keeps only the default-policy objects, strips volatile metadata and sorts", () => {
    const labels = { "kubernetes.io/bootstrapping": "rbac-defaults" };
    const out = normalizeBootstrapObjects([
      {
        kind: "RoleBinding",
        object: {
          metadata: { name: "b", namespace: "kube-system", labels, uid: "1" },
          roleRef: { kind: "Role", name: "r" },
          subjects: null,
        },
      },
      {
        kind: "ClusterRole",
        object: {
          metadata: {
            name: "z",
            labels,
            resourceVersion: "9",
            creationTimestamp: new Date(0),
            managedFields: [],
          },
          rules: [{ verbs: ["get"], resourceNames: undefined }],
        },
      },
      {
        kind: "ClusterRole",
        object: { metadata: { name: "mine", labels: { app: "x" } }, rules: [] },
      },
      { kind: "ClusterRole", object: { metadata: { name: "a", labels }, rules: [] } },
    ]);
    expect(
      out.map((o) => `${String(o["kind"])}/${String((o["metadata"] as { name: string }).name)}`),
    ).toEqual(["ClusterRole/a", "ClusterRole/z", "RoleBinding/b"]);
    expect(out[1]).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "z", labels },
      rules: [{ verbs: ["get"] }],
    });
    expect(out[2]).not.toHaveProperty("subjects");
  });
});
