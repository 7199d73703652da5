import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { externalSecretStore } from "./external-secret-store.ts";

const evaluate = (...objects: KubeObject[]) => externalSecretStore.evaluate(contextOf(objects));
const verdicts = (...objects: KubeObject[]) =>
  evaluate(...objects).map((result) => `${result.target.name} ${result.status}`);

const envFromSecret = (name: string, secret: string, namespace: string): KubeObject =>
  pod(name, { containers: [{ name: "c", envFrom: [{ secretRef: { name: secret } }] }] }, namespace);

const externalSecret = (name: string, namespace: string, target?: string): KubeObject => ({
  apiVersion: "external-secrets.io/v1",
  kind: "ExternalSecret",
  metadata: { name, namespace },
  spec: {
    secretStoreRef: { name: "vault" },
    ...(target === undefined ? {} : { target: { name: target } }),
  },
});

describe("external-secret-store", () => {
  it("fails a namespace whose workloads read plain Secrets, naming each and its readers", () => {
    const volume = pod(
      "db",
      {
        containers: [
          {
            name: "c",
            env: [{ name: "P", valueFrom: { secretKeyRef: { name: "pw", key: "p" } } }],
          },
        ],
        volumes: [{ name: "t", projected: { sources: [{ secret: { name: "certs" } }] } }],
      },
      "shop",
    );
    const [result] = evaluate(volume, envFromSecret("api", "pw", "shop"));
    expect(result).toMatchObject({
      status: "fail",
      target: { kind: "Namespace", name: "shop" },
      message: "Plain Kubernetes Secrets read by workloads: certs (db), pw (db, api)",
      evidence: { secrets: ["certs", "pw"] },
    });
  });

  it("passes a namespace whose Secrets are written by External Secrets Operator, beside one that is not", () => {
    expect(
      verdicts(
        envFromSecret("api", "db", "shop"),
        externalSecret("db", "shop"),
        envFromSecret("pay", "provider-key", "payments"),
        externalSecret("provider", "payments", "provider-key"),
        envFromSecret("worker", "db", "jobs"),
      ),
    ).toEqual(["jobs fail", "payments pass", "shop pass"]);
  });

  it("names the first five readers of a Secret, and counts the others", () => {
    const readers = ["a", "b", "c", "d", "e", "f", "g"].map((name) =>
      envFromSecret(name, "shared", "shop"),
    );
    expect(evaluate(...readers)[0]?.message).toBe(
      "Plain Kubernetes Secrets read by workloads: shared (a, b, c, d, e and 2 more)",
    );
  });

  it("matches a synced Secret in its own namespace only", () => {
    expect(verdicts(envFromSecret("api", "db", "shop"), externalSecret("db", "other"))).toEqual([
      "shop fail",
    ]);
  });

  it("passes Secrets synced by a SecretProviderClass or the Vault Secrets Operator", () => {
    const spc: KubeObject = {
      apiVersion: "secrets-store.csi.x-k8s.io/v1",
      kind: "SecretProviderClass",
      metadata: { name: "aws", namespace: "a" },
      spec: { provider: "aws", secretObjects: [{ secretName: "synced", type: "Opaque" }] },
    };
    const vso: KubeObject = {
      apiVersion: "secrets.hashicorp.com/v1beta1",
      kind: "VaultStaticSecret",
      metadata: { name: "v", namespace: "b" },
      spec: { destination: { name: "from-vault", create: true } },
    };
    expect(
      verdicts(spc, vso, envFromSecret("x", "synced", "a"), envFromSecret("y", "from-vault", "b")),
    ).toEqual(["a pass", "b pass"]);
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
    const csi = pod(
      "web",
      {
        containers: [{ name: "c" }],
        volumes: [{ name: "s", csi: { driver: "secrets-store.csi.k8s.io" } }],
      },
      "shop",
    );
    expect(evaluate(vault, csi)[0]?.message).toBe(
      "Secrets come from: Secrets Store CSI driver, Vault Agent injector",
    );
  });

  it("does not count a Vault annotation that is not true, nor image pull Secrets", () => {
    const off = envFromSecret("web", "plain", "shop");
    expect(
      evaluate({
        ...off,
        metadata: { ...off.metadata, annotations: { "vault.hashicorp.com/agent-inject": "false" } },
      })[0]?.status,
    ).toBe("fail");
    expect(
      evaluate(pod("p", { containers: [{ name: "c" }], imagePullSecrets: [{ name: "reg" }] }))[0],
    ).toMatchObject({ status: "skip", message: "No workload reads a secret" });
  });
});
