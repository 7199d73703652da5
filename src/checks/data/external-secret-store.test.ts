import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { externalSecretStore } from "./external-secret-store.ts";

const evaluate = (...objects: KubeObject[]) => externalSecretStore.evaluate(contextOf(objects));

describe("external-secret-store", () => {
  it("fails a cluster with only Kubernetes Secrets", () => {
    expect(evaluate(pod("web", { containers: [{ name: "c" }] }))).toMatchObject([
      { status: "fail", target: { kind: "Cluster" } },
    ]);
  });

  it("passes External Secrets Operator objects", () => {
    const [result] = evaluate({
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name: "db", namespace: "shop" },
    });
    expect(result).toMatchObject({
      status: "pass",
      evidence: { objects: { "External Secrets Operator": 1 } },
    });
  });

  it("passes the Vault Agent injector and the Secrets Store CSI driver on pods", () => {
    const vault: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", namespace: "shop" },
      spec: {
        template: {
          metadata: { annotations: { "vault.hashicorp.com/agent-inject": "true" } },
          spec: { containers: [{ name: "c" }] },
        },
      },
    };
    const csi = pod("web", {
      containers: [{ name: "c" }],
      volumes: [{ name: "s", csi: { driver: "secrets-store.csi.k8s.io" } }],
    });
    expect(evaluate(vault, csi)[0]?.message).toBe(
      "In use: Secrets Store CSI driver, Vault Agent injector",
    );
  });

  it("does not count a Vault annotation that is not true", () => {
    const off = { ...pod("web", { containers: [{ name: "c" }] }) };
    expect(
      evaluate({
        ...off,
        metadata: { ...off.metadata, annotations: { "vault.hashicorp.com/agent-inject": "false" } },
      })[0]?.status,
    ).toBe("fail");
  });
});
