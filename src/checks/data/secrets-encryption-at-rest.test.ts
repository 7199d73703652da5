import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { createEngines } from "../../engines/index.ts";
import { buildInventory } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { secretsEncryptionAtRest } from "./secrets-encryption-at-rest.ts";

function encryption(resources: unknown[]): KubeObject {
  return {
    apiVersion: "apiserver.config.k8s.io/v1",
    kind: "EncryptionConfiguration",
    metadata: { name: "enc" },
    resources,
  };
}
const secrets = (...providers: unknown[]) => [{ resources: ["secrets"], providers }];
const key = { keys: [{ name: "k1", secret: "c2VjcmV0IGlzIHNlY3JldA==" }] };
function apiserver(...flags: string[]): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "kube-apiserver-cp1", namespace: "kube-system" },
    spec: {
      containers: [
        {
          name: "kube-apiserver",
          command: ["kube-apiserver", "--etcd-servers=https://127.0.0.1:2379", ...flags],
        },
      ],
    },
  };
}
const evaluate = (...objects: KubeObject[]) => secretsEncryptionAtRest.evaluate(contextOf(objects));

describe("secrets-encryption-at-rest", () => {
  it("passes KMS v2 first", () => {
    const [result] = evaluate(
      encryption(
        secrets(
          { kms: { apiVersion: "v2", name: "vault", endpoint: "unix:///kms.sock" } },
          { identity: {} },
        ),
      ),
    );
    expect(result).toMatchObject({
      status: "pass",
      evidence: { provider: "kms", apiVersion: "v2" },
    });
  });

  it("fails identity first as critical, even with a real provider after it", () => {
    const [result] = evaluate(encryption(secrets({ identity: {} }, { aescbc: key })));
    expect(result).toMatchObject({
      status: "fail",
      severity: "critical",
      message: "First provider: identity stores Secrets in plaintext",
    });
  });

  it("ranks local-key providers and KMS v1 below KMS v2", () => {
    expect(evaluate(encryption(secrets({ aescbc: key })))[0]).toMatchObject({
      status: "fail",
      severity: "high",
    });
    expect(evaluate(encryption(secrets({ secretbox: key })))[0]).toMatchObject({
      status: "fail",
      severity: "medium",
    });
    expect(
      evaluate(encryption(secrets({ kms: { name: "old", endpoint: "unix:///k.sock" } })))[0],
    ).toMatchObject({
      status: "fail",
      evidence: { provider: "kms", apiVersion: "v1" },
    });
  });

  it("uses the first entry that covers secrets, wildcards included", () => {
    const config = encryption([
      { resources: ["configmaps"], providers: [{ kms: { apiVersion: "v2", name: "k" } }] },
      { resources: ["*.*"], providers: [{ identity: {} }] },
      { resources: ["secrets"], providers: [{ kms: { apiVersion: "v2", name: "k" } }] },
    ]);
    expect(evaluate(config)[0]?.status).toBe("fail");
    expect(
      evaluate(encryption([{ resources: ["configmaps"], providers: [{ aesgcm: key }] }]))[0]
        ?.message,
    ).toBe("No entry covers secrets: they are stored in plaintext");
  });

  it("fails an apiserver without --encryption-provider-config, and reads the file it names", () => {
    expect(evaluate(apiserver())[0]).toMatchObject({
      status: "fail",
      severity: "critical",
      target: { kind: "Pod", name: "kube-apiserver-cp1" },
    });
    const named = evaluate(
      apiserver("--encryption-provider-config=/etc/kubernetes/enc.yaml"),
      encryption(secrets({ kms: { apiVersion: "v2", name: "k" } })),
    );
    expect(named[0]?.status).toBe("pass");
    expect(
      evaluate(apiserver("--encryption-provider-config=/etc/kubernetes/enc.yaml"))[0]?.status,
    ).toBe("skip");
  });

  it("judges each node's own file, and a file several apiservers share once", () => {
    const at = (object: KubeObject, file: string) => ({ object, location: { file, line: 1 } });
    const node = (name: string) => ({
      ...apiserver("--encryption-provider-config=/etc/kubernetes/enc.yaml"),
      metadata: { name: `kube-apiserver-${name}`, namespace: "kube-system" },
    });
    const run = (...loaded: Parameters<typeof buildInventory>[0]) => {
      const { inventory } = buildInventory(loaded);
      const now = new Date("2026-06-01T00:00:00Z");
      return secretsEncryptionAtRest
        .evaluate({ inventory, engines: createEngines(inventory), now })
        .map((result) => `${result.status} ${result.target.file ?? ""}`);
    };
    const kms = { ...encryption(secrets({ kms: { apiVersion: "v2", name: "k" } })) };
    const old = { ...encryption(secrets({ identity: {} })) };
    expect(
      run(
        at(node("cp1"), "cp-1/kube-apiserver.yaml"),
        at(node("cp2"), "cp-2/kube-apiserver.yaml"),
        at({ ...kms, metadata: { name: "cp-1/enc.yaml" } }, "cp-1/enc.yaml"),
        at({ ...old, metadata: { name: "cp-2/enc.yaml" } }, "cp-2/enc.yaml"),
      ),
    ).toEqual(["pass cp-1/enc.yaml", "fail cp-2/enc.yaml"]);
    expect(
      run(
        at(node("cp1"), "cp-1/kube-apiserver.yaml"),
        at(node("cp2"), "cp-2/kube-apiserver.yaml"),
        at({ ...kms, metadata: { name: "enc.yaml" } }, "enc.yaml"),
      ),
    ).toEqual(["pass enc.yaml"]);
  });

  it("skips when neither the apiserver nor an EncryptionConfiguration is in the input", () => {
    expect(evaluate()[0]?.status).toBe("skip");
  });

  it("never copies key material into results", () => {
    const text = JSON.stringify(evaluate(encryption(secrets({ aescbc: key }))));
    expect(text).not.toContain("c2VjcmV0IGlzIHNlY3JldA==");
  });
});
