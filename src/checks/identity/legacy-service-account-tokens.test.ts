import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { legacyServiceAccountTokens } from "./legacy-service-account-tokens.ts";

const secret = (name: string, type: string, namespace = "ci"): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: {
    name,
    namespace,
    annotations: { "kubernetes.io/service-account.name": "deployer" },
  },
  type,
  data: { token: "c2VjcmV0LXRva2VuLXZhbHVl" },
});

describe("legacy-service-account-tokens", () => {
  it("fails a namespace holding token Secrets, names each, and never echoes their data", () => {
    const results = legacyServiceAccountTokens.evaluate(
      contextOf([
        secret("deployer-token", "kubernetes.io/service-account-token"),
        secret("tls", "kubernetes.io/tls"),
      ]),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: "fail",
      severity: "medium",
      target: { kind: "Namespace", name: "ci" },
      evidence: { tokens: [{ secret: "deployer-token", serviceAccount: "deployer" }] },
    });
    expect(JSON.stringify(results)).not.toContain("c2VjcmV0");
  });

  it("judges each declared namespace or one with Secrets: one without tokens passes beside one with", () => {
    const namespace: KubeObject = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "web" },
    };
    const results = legacyServiceAccountTokens.evaluate(
      contextOf([
        namespace,
        secret("deployer-token", "kubernetes.io/service-account-token"),
        secret("tls", "kubernetes.io/tls", "web"),
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "empty" } },
      ]),
    );
    // `empty` holds a ConfigMap only and is not declared: nothing says its Secrets were given.
    expect(results.map((result) => `${result.target.name} ${result.status}`)).toEqual([
      "ci fail",
      "web pass",
    ]);
    expect(results[1]?.target).toMatchObject({ kind: "Namespace", file: "test.yaml", line: 1 });
  });

  it("passes when no Secret is a token, and skips when no Secret was given", () => {
    expect(
      legacyServiceAccountTokens.evaluate(contextOf([secret("tls", "kubernetes.io/tls")]))[0]
        ?.status,
    ).toBe("pass");
    expect(legacyServiceAccountTokens.evaluate(contextOf([]))[0]?.status).toBe("skip");
  });

  it("lowers the severity of a token the control plane has invalidated", () => {
    const invalid = secret("old-token", "kubernetes.io/service-account-token");
    const labeled = {
      ...invalid,
      metadata: {
        ...invalid.metadata,
        labels: { "kubernetes.io/legacy-token-invalid-since": "2026-01-02" },
      },
    };
    expect(legacyServiceAccountTokens.evaluate(contextOf([labeled]))[0]).toMatchObject({
      status: "fail",
      severity: "low",
      evidence: { tokens: [{ secret: "old-token", invalidSince: "2026-01-02" }] },
    });
    const both = legacyServiceAccountTokens.evaluate(
      contextOf([labeled, secret("new-token", "kubernetes.io/service-account-token")]),
    );
    expect(both[0]).toMatchObject({ status: "fail", severity: "medium" });
  });
});
