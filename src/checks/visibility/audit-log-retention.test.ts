import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { auditLogRetention } from "./audit-log-retention.ts";

const flagsFile = (...args: string[]): KubeObject => ({
  apiVersion: "tenet.dev/v1alpha1",
  kind: "KubeApiserverFlags",
  metadata: { name: "apiserver.flags" },
  args,
});
const judge = (...args: string[]) => auditLogRetention.evaluate(contextOf([flagsFile(...args)]))[0];
const LOG = "--audit-log-path=/var/log/audit.log";

describe("audit-log-retention", () => {
  it("passes CIS values, and unset values (which keep every file)", () => {
    expect(
      judge(LOG, "--audit-log-maxage=30", "--audit-log-maxbackup=10", "--audit-log-maxsize=100")
        ?.status,
    ).toBe("pass");
    expect(judge(LOG)?.status).toBe("pass");
  });

  it("fails short retention, reading the last of repeated flags", () => {
    expect(
      judge(LOG, "--audit-log-maxage=30", "--audit-log-maxage=7", "--audit-log-maxbackup=3"),
    ).toMatchObject({
      status: "fail",
      evidence: {
        flags: ["--audit-log-maxage=7 (under 30 days)", "--audit-log-maxbackup=3 (under 10 files)"],
      },
    });
  });

  it("fails a value that is not a number", () => {
    expect(judge(LOG, "--audit-log-maxage=thirty")?.message).toContain("not a whole number");
  });

  it("skips when the log goes to stdout or nowhere", () => {
    expect(judge("--audit-log-path=-")?.status).toBe("skip");
    expect(judge()?.status).toBe("skip");
  });
});
