import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { auditLogBackend } from "./audit-log-backend.ts";

const flagsFile = (...args: string[]): KubeObject => ({
  apiVersion: "tenet.dev/v1alpha1",
  kind: "KubeApiserverFlags",
  metadata: { name: "apiserver.flags" },
  args,
});
const judge = (...args: string[]) => auditLogBackend.evaluate(contextOf([flagsFile(...args)]))[0];

describe("audit-log-backend", () => {
  it("passes a log file, stdout, or a webhook", () => {
    expect(judge("--audit-log-path=/var/log/audit.log")?.evidence).toEqual({
      backends: ["log /var/log/audit.log"],
    });
    expect(judge("--audit-log-path", "-")?.evidence).toEqual({ backends: ["log to stdout"] });
    expect(judge("--audit-webhook-config-file=/etc/webhook.kubeconfig")?.status).toBe("pass");
  });

  it("fails with neither, or an empty path", () => {
    expect(judge("--audit-policy-file=/etc/audit.yaml")?.status).toBe("fail");
    expect(judge("--audit-log-path=")?.status).toBe("fail");
  });

  it("skips when no apiserver was observed", () => {
    expect(auditLogBackend.evaluate(contextOf([]))[0]?.status).toBe("skip");
  });
});
