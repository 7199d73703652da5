import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { auditPolicyConfigured } from "./audit-policy-configured.ts";

const apiserver = (...flags: string[]): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "kube-apiserver-cp1", namespace: "kube-system" },
  spec: { containers: [{ name: "kube-apiserver", command: ["kube-apiserver", ...flags] }] },
});
const judge = (...objects: KubeObject[]) => auditPolicyConfigured.evaluate(contextOf(objects));

describe("audit-policy-configured", () => {
  it("passes an apiserver with --audit-policy-file", () => {
    expect(judge(apiserver("--audit-policy-file=/etc/kubernetes/audit.yaml"))[0]).toMatchObject({
      status: "pass",
      evidence: { policyFile: "/etc/kubernetes/audit.yaml" },
    });
  });

  it("fails without it, or with it empty, even when a log path is set", () => {
    expect(judge(apiserver("--audit-log-path=/var/log/audit.log"))[0]?.status).toBe("fail");
    expect(judge(apiserver("--audit-policy-file="))[0]?.status).toBe("fail");
  });

  it("judges every apiserver of an HA control plane", () => {
    const second = {
      ...apiserver(),
      metadata: { name: "kube-apiserver-cp2", namespace: "kube-system" },
    };
    expect(
      judge(apiserver("--audit-policy-file=/a.yaml"), second).map((result) => result.status),
    ).toEqual(["pass", "fail"]);
  });

  it("skips when no apiserver was observed, even if a policy file was given", () => {
    const policy: KubeObject = {
      apiVersion: "audit.k8s.io/v1",
      kind: "Policy",
      metadata: { name: "p" },
      rules: [],
    };
    expect(judge(policy)[0]?.status).toBe("skip");
  });
});
