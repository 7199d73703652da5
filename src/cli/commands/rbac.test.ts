import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/cli.ts";
import { makeTempDir } from "../../../test/helpers/temp-dir.ts";

const cluster = "test/fixtures/rbac/cluster.yaml";
const base = ["-f", cluster, "--bootstrap-policy", "none"];

describe("tenet rbac can-i", () => {
  it("answers yes with the grant, and exit 0", async () => {
    const run = await runCli([
      "rbac",
      "can-i",
      "get",
      "pods/log",
      "-n",
      "dev",
      "--as",
      "alice",
      ...base,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("yes");
    expect(run.stdout).toContain(
      'RBAC: allowed by RoleBinding "dev-pod-reader/dev" of ClusterRole "pod-reader" to User "alice"',
    );
    expect(run.stdout).toContain(
      "RoleBinding dev/dev-pod-reader -> ClusterRole pod-reader rule[0]",
    );
  });

  it("answers no, exit 1, outside the RoleBinding's namespace", async () => {
    const run = await runCli([
      "rbac",
      "can-i",
      "get",
      "po",
      "-n",
      "prod",
      "--as",
      "alice",
      ...base,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toBe("no");
  });

  it("gives a ServiceAccount its groups and its name-restricted grant only with a name", async () => {
    const as = ["--as", "system:serviceaccount:dev:ci", "-n", "dev", ...base];
    expect((await runCli(["rbac", "can-i", "get", "secrets", "db", ...as])).code).toBe(0);
    expect((await runCli(["rbac", "can-i", "get", "secrets", ...as])).code).toBe(1);
    expect((await runCli(["rbac", "can-i", "list", "secrets", ...as])).code).toBe(1);
  });

  it("asks non-resource URLs and cluster-scoped resources at cluster scope", async () => {
    const ops = ["--as", "bob", "--as-group", "ops", ...base];
    expect((await runCli(["rbac", "can-i", "get", "/debug/pprof", ...ops])).code).toBe(0);
    expect((await runCli(["rbac", "can-i", "get", "/healthz", ...ops])).code).toBe(1);
    const nodes = await runCli(["rbac", "can-i", "list", "nodes", "-n", "dev", "-q", ...ops]);
    expect(nodes).toMatchObject({ code: 0, stdout: "" });
    expect(nodes.stderr).toContain("not namespace scoped");
  });

  it("prints JSON with the evidence", async () => {
    const run = await runCli([
      "rbac",
      "can-i",
      "get",
      "pods",
      "-n",
      "dev",
      "--as",
      "alice",
      "-o",
      "json",
      ...base,
    ]);
    const body = JSON.parse(run.stdout) as {
      allowed: boolean;
      evidence: { role: { name: string } }[];
    };
    expect(body.allowed).toBe(true);
    expect(body.evidence[0]?.role.name).toBe("pod-reader");
  });

  it("rejects an unknown bootstrap policy as a usage error", async () => {
    const run = await runCli([
      "rbac",
      "can-i",
      "get",
      "pods",
      "--as",
      "a",
      "--bootstrap-policy",
      "v0.1",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--bootstrap-policy must be one of");
  });
});

describe("tenet rbac who-can / what-can", () => {
  it("lists the subjects with their grants, ServiceAccounts in the binding's namespace", async () => {
    const run = await runCli(["rbac", "who-can", "get", "pods", "-n", "dev", ...base]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Group system:masters");
    expect(run.stdout).toContain("User alice");
    expect(run.stdout).toContain("ServiceAccount dev/ci");
    expect(run.stdout).not.toContain("Group ops");
  });

  it("reports the effective rules of a ServiceAccount per namespace", async () => {
    const run = await runCli(["rbac", "what-can", "ServiceAccount/dev/ci", "-o", "json", ...base]);
    const body = JSON.parse(run.stdout) as {
      cluster: unknown[];
      namespaces: Record<string, { role: { name: string } }[]>;
    };
    expect(body.cluster).toEqual([]);
    expect(body.namespaces["dev"]?.map((grant) => grant.role.name).sort()).toEqual([
      "db-secret",
      "job-runner",
      "pod-reader",
    ]);
  });
});

describe("tenet rbac review", () => {
  it("fills status.allowed and status.reason of YAML documents, as the apiserver would", async () => {
    const run = await runCli([
      "rbac",
      "review",
      "--reviews",
      "test/fixtures/rbac/reviews.yaml",
      ...base,
    ]);
    expect(run.code).toBe(0);
    const docs = run.stdout
      .split(/^---$/m)
      .map((text) => parse(text) as { status: Record<string, unknown> });
    expect(docs.map((doc) => doc.status["allowed"])).toEqual([true, false, true]);
    expect(docs[0]?.status["reason"]).toBe(
      'RBAC: allowed by RoleBinding "dev-pod-reader/dev" of ClusterRole "pod-reader" to User "alice"',
    );
    expect(docs[1]?.status).toEqual({ allowed: false });
  });

  it("reads a JSON array, answers system:masters and reports an invalid review", async () => {
    const run = await runCli([
      "rbac",
      "review",
      "--reviews",
      "test/fixtures/rbac/reviews.json",
      "-o",
      "json",
      ...base,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("at least one of user or group must be specified");
    const body = JSON.parse(run.stdout) as { status: { allowed: boolean } }[];
    expect(body.map((item) => item.status.allowed)).toEqual([true]);
  });

  it("reads a List", async () => {
    const run = await runCli([
      "rbac",
      "review",
      "--reviews",
      "test/fixtures/rbac/reviews-list.yaml",
      "-o",
      "json",
      ...base,
    ]);
    const body = JSON.parse(run.stdout) as { status: { allowed: boolean; reason: string } }[];
    // A review's user is taken as given: no groups are added, and none are needed here.
    expect(body[0]?.status.reason).toBe(
      'RBAC: allowed by RoleBinding "ci-db-secret/dev" of Role "db-secret" to ServiceAccount "ci/dev"',
    );
  });
});

describe("tenet rbac paths", () => {
  it("prints each finding with its path and grants", async () => {
    const run = await runCli(["rbac", "paths", ...base]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "HIGH privilege-escalation: ServiceAccount dev/ci -> run-as-any-sa:dev [create-workload]",
    );
    expect(run.stdout).toContain(
      "grant: RoleBinding dev/ci-jobs -> ClusterRole job-runner rule[0] verbs=create apiGroups=batch resources=jobs",
    );
  });

  it("writes JSON findings with the issue's shape and fails on a threshold", async () => {
    const run = await runCli(["rbac", "paths", "-o", "json", "--fail-on", "high", ...base]);
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as { findings: Record<string, unknown>[] };
    expect(Object.keys(body.findings[0] ?? {}).sort()).toEqual([
      "impact",
      "path",
      "severity",
      "subject",
      "techniques",
      "type",
    ]);
  });
});

describe("tenet rbac with the Node authorizer", () => {
  const pods = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: dev}
spec:
  nodeName: node-1
  containers: [{name: c, image: x, envFrom: [{secretRef: {name: web-env}}]}]
`;
  const write = async () => {
    const dir = await makeTempDir("tenet-rbac-node-");
    await writeFile(join(dir, "pods.yaml"), pods);
    return join(dir, "pods.yaml");
  };
  const node = ["--as", "system:node:node-1", "--as-group", "system:nodes", "-n", "dev"];

  it("lets a node read its pod's Secret, naming the pod, and nothing else; off with RBAC mode", async () => {
    const file = await write();
    const yes = await runCli(["rbac", "can-i", "get", "secrets", "web-env", "-f", file, ...node]);
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain(
      "Node authorizer: node node-1 is linked to the object through pod dev/web",
    );
    const other = await runCli(["rbac", "can-i", "get", "secrets", "db", "-f", file, ...node]);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain("no relationship found between node 'node-1' and this object");
    const off = ["-f", file, "--authorization-mode", "RBAC", ...node];
    expect((await runCli(["rbac", "can-i", "get", "secrets", "web-env", ...off])).code).toBe(1);
  });

  it("lists the node in who-can, with the Node authorizer's evidence in JSON", async () => {
    const file = await write();
    const run = await runCli([
      "rbac",
      "who-can",
      "get",
      "secrets",
      "web-env",
      "-n",
      "dev",
      "-f",
      file,
      "-o",
      "json",
    ]);
    const body = JSON.parse(run.stdout) as {
      nodes: { subject: { name: string }; evidence: { pod: unknown }[] }[];
    };
    expect(body.nodes.map((entry) => entry.subject.name)).toEqual(["system:node:node-1"]);
    expect(body.nodes[0]?.evidence[0]?.pod).toEqual({ namespace: "dev", name: "web" });
  });
});
