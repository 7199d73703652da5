import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { defaultServiceAccount } from "./default-service-account.ts";

const statusOf = (spec: Record<string, unknown>) =>
  defaultServiceAccount.evaluate(contextOf([pod("web", spec, "shop")]))[0];

describe("default-service-account", () => {
  it("passes a pod with a ServiceAccount of its own", () => {
    expect(statusOf({ serviceAccountName: "web", containers: [] })).toMatchObject({
      status: "pass",
      message: "Runs as ServiceAccount shop/web",
    });
  });

  it("fails a pod that names none, an empty name, or default", () => {
    for (const spec of [{}, { serviceAccountName: "" }, { serviceAccountName: "default" }]) {
      expect(statusOf(spec)).toMatchObject({
        status: "fail",
        evidence: { serviceAccount: "shop/default" },
      });
    }
  });

  it("reads the deprecated serviceAccount alias", () => {
    expect(statusOf({ serviceAccount: "legacy" })?.status).toBe("pass");
  });
});

describe("default-service-account on static pods", () => {
  it("does not judge static pods, which cannot use a ServiceAccount", () => {
    const mirror = {
      ...pod("etcd-cp1", {}, "kube-system"),
      metadata: {
        name: "etcd-cp1",
        namespace: "kube-system",
        annotations: { "kubernetes.io/config.mirror": "abc" },
      },
    };
    const apiserver = pod(
      "kube-apiserver",
      { containers: [{ name: "a", command: ["kube-apiserver"] }] },
      "kube-system",
    );
    const ordinary = pod("web", {}, "kube-system");
    const results = defaultServiceAccount.evaluate(contextOf([mirror, apiserver, ordinary]));
    expect(results.map((result) => result.target.name)).toEqual(["web"]);
  });
});
