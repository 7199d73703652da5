import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { legacyServiceAccountTokens } from "./legacy-service-account-tokens.ts";

const secret = (name: string, type: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: {
    name,
    namespace: "ci",
    annotations: { "kubernetes.io/service-account.name": "deployer" },
  },
  type,
  data: { token: "c2VjcmV0LXRva2VuLXZhbHVl" },
});

describe("legacy-service-account-tokens", () => {
  it("fails each token Secret and never echoes its data", () => {
    const results = legacyServiceAccountTokens.evaluate(
      contextOf([
        secret("deployer-token", "kubernetes.io/service-account-token"),
        secret("tls", "kubernetes.io/tls"),
      ]),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: "fail",
      target: { name: "deployer-token" },
      evidence: { serviceAccount: "deployer" },
    });
    expect(JSON.stringify(results)).not.toContain("c2VjcmV0");
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
      evidence: { invalidSince: "2026-01-02" },
    });
  });
});
