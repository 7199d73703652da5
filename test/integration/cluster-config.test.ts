// The test control plane scans itself: its kube-apiserver flags, encryption configuration and
// audit policy, as written by the harness, must give the findings those flags imply.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/model/report.ts";
import { runCli } from "../helpers/cli.ts";
import { planeOf, sharedControlPlane } from "./shared.ts";

const shared = sharedControlPlane();

describe.skipIf(shared === undefined)("scanning the control plane's own configuration", () => {
  const plane = planeOf(shared);

  it("reports what the harness's flags say", async () => {
    const run = await runCli([
      "scan",
      join(plane.dir, "encryption-config.yaml"),
      join(plane.dir, "audit-policy.yaml"),
      "--apiserver-flags",
      join(plane.dir, "kube-apiserver.flags"),
      "-o",
      "json",
      "--fail-on",
      "none",
      "--pillar",
      "identity,visibility,data",
    ]);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(
      report.diagnostics.filter((d) => d.severity === "error"),
      run.stderr,
    ).toEqual([]);
    const verdict = (id: string): readonly string[] =>
      report.findings.filter((finding) => finding.checkId === id).map((finding) => finding.status);
    // --anonymous-auth=false, --authorization-mode=Node,RBAC, no --token-auth-file.
    expect(verdict("apiserver-anonymous-auth")).toEqual(["pass"]);
    expect(verdict("apiserver-authorization-mode")).toEqual(["pass"]);
    expect(verdict("apiserver-token-auth-file")).toEqual(["pass"]);
    // No OIDC flags and no AuthenticationConfiguration: people have no external identity provider.
    expect(verdict("apiserver-external-identity")).toEqual(["fail"]);
    // --audit-policy-file and --audit-log-path are set; the policy's catch-all is Metadata.
    expect(verdict("audit-policy-configured")).toEqual(["pass"]);
    expect(verdict("audit-log-backend")).toEqual(["pass"]);
    expect(verdict("audit-policy-secrets")).toEqual(["pass"]);
    // secretbox first: encrypted, but with a local key on the control plane, which the control
    // rates below KMS v2 (a fail naming the provider, never a pass and never "plaintext").
    const encryption = report.findings.filter((f) => f.checkId === "secrets-encryption-at-rest");
    expect(encryption.map((f) => f.status)).toEqual(["fail"]);
    expect(encryption[0]?.message).toContain("secretbox");
    expect(encryption[0]?.message).not.toMatch(/plaintext|plain text/i);
  });
});
