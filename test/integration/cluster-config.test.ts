// The test control plane scans itself: its kube-apiserver flags, encryption configuration and
// audit policy, as written by the harness, must give the findings those flags imply.
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/model/report.ts";
import { runCli } from "../helpers/cli.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { planeOf, sharedControlPlane } from "./shared.ts";

const shared = sharedControlPlane();

describe.skipIf(shared === undefined)("scanning the control plane's own configuration", () => {
  const plane = planeOf(shared);

  /** Scans the harness's configuration files and flags (plus `extra` paths) as JSON, error-free. */
  async function scanControlPlane(...extra: readonly string[]): Promise<ScanReport> {
    const run = await runCli([
      "scan",
      join(plane.dir, "encryption-config.yaml"),
      join(plane.dir, "audit-policy.yaml"),
      ...extra,
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
    return report;
  }

  it("reports what the harness's flags say", async () => {
    const report = await scanControlPlane();
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

  it("judges a second control-plane node on its own flags and the files beside them", async () => {
    // node-2 runs the harness's apiserver command line, but joined with an old configuration:
    // no --anonymous-auth=false, and an audit policy that logs request bodies (Secret values).
    const nodeDir = join(await makeTempDir("tenet-ha-"), "node-2");
    await mkdir(nodeDir);
    const flags = (await readFile(join(plane.dir, "kube-apiserver.flags"), "utf8"))
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("--anonymous-auth"));
    const manifest = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "kube-apiserver-node-2", namespace: "kube-system" },
      spec: { containers: [{ name: "kube-apiserver", command: ["kube-apiserver", ...flags] }] },
    };
    await writeFile(join(nodeDir, "kube-apiserver.yaml"), stringify(manifest));
    const policy = parse(await readFile(join(plane.dir, "audit-policy.yaml"), "utf8")) as {
      rules: unknown[];
    };
    await writeFile(
      join(nodeDir, "audit-policy.yaml"),
      stringify({ ...policy, rules: [{ level: "Request" }] }),
    );
    await copyFile(
      join(plane.dir, "encryption-config.yaml"),
      join(nodeDir, "encryption-config.yaml"),
    );
    const report = await scanControlPlane(nodeDir);
    const verdicts = (id: string): Record<string, string> =>
      Object.fromEntries(
        report.findings
          .filter((finding) => finding.checkId === id)
          .map((finding) => [finding.resource.file ?? finding.resource.name, finding.status]),
      );
    const flagsFile = join(plane.dir, "kube-apiserver.flags");
    const node2 = join(nodeDir, "kube-apiserver.yaml");
    expect(verdicts("apiserver-anonymous-auth")).toEqual({ [flagsFile]: "pass", [node2]: "fail" });
    expect(verdicts("audit-policy-secrets")).toEqual({
      [join(plane.dir, "audit-policy.yaml")]: "pass",
      [join(nodeDir, "audit-policy.yaml")]: "fail",
    });
    // Each node's EncryptionConfiguration is its own target, judged once.
    expect(Object.keys(verdicts("secrets-encryption-at-rest")).sort()).toEqual(
      [join(plane.dir, "encryption-config.yaml"), join(nodeDir, "encryption-config.yaml")].sort(),
    );
  });
});
