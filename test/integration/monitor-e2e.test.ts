// Monitor end to end: a kube-apiserver of its own sends every audit event (webhook backend,
// blocking mode) to `tenet serve --audit-db`; test actions as the admin must each raise their
// alert with its rule and technique ids, ordinary activity none, and no credential may reach the
// store or the alerts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suiteTempDir } from "../helpers/temp-dir.ts";
import { exited, startAuditServer, type RunningServer } from "../monitor/audit-server.ts";
import { findBinaries } from "./binaries.ts";
import { startControlPlane, type ControlPlane } from "./control-plane.ts";

const lookup = findBinaries();
// CI must run this: a missing control-plane build fails there, never skips.
if (!lookup.found && process.env.CI === "true")
  throw new Error(`monitor e2e cannot run in CI: ${lookup.reason}`);

const dir = suiteTempDir("tenet-monitor-e2e-");
const NS = "monitor-e2e";
const SECRET_VALUE = "e2e-super-secret-value";
let tenet: RunningServer | undefined;
let plane: ControlPlane | undefined;

/** Bodies of these are logged in full, so that the test proves Tenet drops Secret data itself. */
const POLICY_RULES = [
  { level: "Metadata", resources: [{ group: "coordination.k8s.io" }] },
  {
    level: "RequestResponse",
    resources: [
      {
        group: "",
        resources: [
          "secrets",
          "serviceaccounts",
          "serviceaccounts/token",
          "namespaces",
          "pods",
          "configmaps",
        ],
      },
      { group: "rbac.authorization.k8s.io" },
      { group: "admissionregistration.k8s.io" },
      { group: "apps" },
    ],
  },
];

interface Reply {
  readonly status: number;
  readonly text: string;
  /** The apiserver's Audit-Id header: the auditID of this request's events. */
  readonly auditID: string;
}

function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const info = plane?.info;
  if (info === undefined) throw new Error("no control plane");
  return new Promise((resolve, reject) => {
    const req = request(
      `${info.server}${path}`,
      {
        method,
        ca: readFileSync(info.caCert),
        cert: readFileSync(info.adminCert),
        key: readFileSync(info.adminKey),
        headers: {
          "content-type": method === "PATCH" ? "application/merge-patch+json" : "application/json",
          accept: "application/json",
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            auditID: String(res.headers["audit-id"] ?? ""),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

interface EcsAlert {
  readonly rule: { readonly id: string };
  readonly threat: { readonly technique: { readonly id: readonly string[] } };
  readonly user: { readonly name: string };
  readonly event: { readonly kind: string; readonly id: string };
  readonly orchestrator?: {
    readonly namespace?: string;
    readonly resource: { readonly type: string; readonly name?: string };
  };
}

function alerts(): EcsAlert[] {
  const file = join(dir(), "alerts.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as EcsAlert);
}

/** Waits (by polling the alerts file, up to a minute) until `done` holds of the alerts. */
async function waitForAlerts(done: (found: readonly EcsAlert[]) => boolean): Promise<EcsAlert[]> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    const found = alerts();
    if (done(found)) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return alerts();
}

/** Waits until every rule has fired. */
const waitForRules = (rules: readonly string[]): Promise<EcsAlert[]> =>
  waitForAlerts((found) => rules.every((rule) => found.some((alert) => alert.rule.id === rule)));

describe.skipIf(!lookup.found)("monitor end to end against kube-apiserver", () => {
  beforeAll(async () => {
    if (!lookup.found) return;
    tenet = await startAuditServer(dir(), join(dir(), "audit.db"), [
      "--host",
      "127.0.0.1",
      "--baseline-learning",
      "86400",
    ]);
    const caFile = readdirSync(dir()).find((file) => file.startsWith("ca-")) ?? "";
    plane = await startControlPlane({
      binaries: lookup.binaries,
      dir: join(dir(), "k8s"),
      controllerManager: false,
      auditWebhook: { url: `${tenet.url}/audit`, caFile: join(dir(), caFile) },
      auditPolicyRules: POLICY_RULES,
    });
    expect(
      (
        await api("POST", "/api/v1/namespaces", {
          metadata: { name: NS, labels: { "pod-security.kubernetes.io/enforce": "baseline" } },
        })
      ).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await plane?.stop();
    if (tenet !== undefined) {
      tenet.child.kill("SIGTERM");
      await exited(tenet.child);
    }
  });

  it("raises each expected alert with its technique ids, for the admin only", async () => {
    const ns = `/api/v1/namespaces/${NS}`;
    // Ordinary activity first: none of it may alert (checked by auditID at the end).
    const ordinary: Reply[] = [];
    const quiet = async (method: string, path: string, body?: unknown): Promise<number> => {
      const reply = await api(method, path, body);
      ordinary.push(reply);
      return reply.status;
    };
    // No controller manager here: the namespace's default ServiceAccount is made by hand.
    expect(await quiet("POST", `${ns}/serviceaccounts`, { metadata: { name: "default" } })).toBe(
      201,
    );
    const settings = { metadata: { name: "settings" }, data: { LOG_LEVEL: "debug" } };
    expect(await quiet("POST", `${ns}/configmaps`, settings)).toBe(201);
    expect(await quiet("GET", `${ns}/configmaps/settings`)).toBe(200);
    expect(await quiet("GET", `${ns}/pods`)).toBe(200);
    const pod = {
      metadata: { name: "web" },
      spec: { containers: [{ name: "app", image: "registry.k8s.io/pause:3.10" }] },
    };
    expect(await quiet("POST", `${ns}/pods`, pod)).toBe(201);
    const deployment = {
      metadata: { name: "api" },
      spec: {
        selector: { matchLabels: { app: "api" } },
        template: {
          metadata: { labels: { app: "api" } },
          spec: { containers: [{ name: "api", image: "registry.k8s.io/pause:3.10" }] },
        },
      },
    };
    expect(await quiet("POST", `/apis/apps/v1/namespaces/${NS}/deployments`, deployment)).toBe(201);

    // Exec: the pod has no node, so the exec fails after authorization, which is what counts.
    await api("POST", `${ns}/pods/web/exec?command=id&stdout=true`);
    expect(
      (
        await api("POST", `${ns}/secrets`, {
          metadata: { name: "db" },
          stringData: { password: SECRET_VALUE },
        })
      ).status,
    ).toBe(201);
    expect((await api("GET", `${ns}/secrets/db`)).status).toBe(200);
    await api("GET", `${ns}/configmaps`, undefined, { "Impersonate-User": "bob" });
    expect(
      (await api("POST", `${ns}/serviceaccounts`, { metadata: { name: "deployer" } })).status,
    ).toBe(201);
    const token = await api("POST", `${ns}/serviceaccounts/deployer/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: {},
    });
    expect(token.status).toBe(201);
    const issued = (JSON.parse(token.text) as { status: { token: string } }).status.token;
    const binding = {
      metadata: { name: "e2e-mallory-admin" },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "cluster-admin",
      },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "mallory" }],
    };
    expect(
      (await api("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", binding)).status,
    ).toBe(201);
    const webhook = { metadata: { name: "e2e-webhook" }, webhooks: [] };
    expect(
      (
        await api(
          "POST",
          "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
          webhook,
        )
      ).status,
    ).toBe(201);
    const downgrade = {
      metadata: { labels: { "pod-security.kubernetes.io/enforce": "privileged" } },
    };
    expect((await api("PATCH", `/api/v1/namespaces/${NS}`, downgrade)).status).toBe(200);

    const expected: Record<string, readonly string[]> = {
      "pod-exec": ["T1609"],
      "secret-read-by-user": ["T1552.007"],
      impersonation: ["T1078", "T1134"],
      "service-account-token-request": ["T1528"],
      "cluster-admin-binding": ["T1098"],
      "admission-webhook-changed": ["T1562.001"],
      "pod-security-downgrade": ["T1562.001"],
    };
    const found = await waitForRules(Object.keys(expected));
    const ordinaryIds = new Set(ordinary.map((reply) => reply.auditID));
    expect(ordinaryIds.has("")).toBe(false);
    expect(found.filter((alert) => ordinaryIds.has(alert.event.id))).toEqual([]);
    for (const [rule, techniques] of Object.entries(expected)) {
      const alert = found.find((item) => item.rule.id === rule);
      expect(alert, rule).toBeDefined();
      expect(alert?.threat.technique.id, rule).toEqual(techniques);
      expect(alert?.user.name, rule).toBe("admin");
      expect(alert?.event.kind, rule).toBe("alert");
    }
    expect(found.find((item) => item.rule.id === "pod-exec")?.orchestrator).toMatchObject({
      namespace: NS,
      resource: { type: "pods/exec", name: "web" },
    });
    // Nothing else fired, from anyone (the control plane's own activity included).
    expect([...new Set(found.map((item) => item.rule.id))].sort()).toEqual(
      Object.keys(expected).sort(),
    );

    // Neither the Secret's value nor the issued token reached the store or the alerts.
    for (const file of readdirSync(dir()).filter(
      (name) => name.startsWith("audit.db") || name === "alerts.jsonl",
    )) {
      const bytes = readFileSync(join(dir(), file));
      expect(bytes.includes(SECRET_VALUE), file).toBe(false);
      expect(bytes.includes(Buffer.from(SECRET_VALUE).toString("base64")), file).toBe(false);
      expect(bytes.includes(issued), file).toBe(false);
    }
  });

  it("judges a request that reuses an earlier request's Audit-ID", async () => {
    // Clients choose the audit ID (the apiserver keeps any Audit-ID header it is sent): a second
    // exec carrying the first one's ID must still be stored and judged, not dropped as a
    // redelivery of the first.
    const exec = `/api/v1/namespaces/${NS}/pods/web/exec?command=id&stdout=true`;
    const reused = `e2e-reused-${Date.now()}`;
    const first = await api("POST", exec, undefined, { "Audit-ID": reused });
    expect(first.auditID).toBe(reused);
    await waitForAlerts((all) => all.some((alert) => alert.event.id === reused));
    await api("POST", exec, undefined, { "Audit-ID": reused });
    const twice = (all: readonly EcsAlert[]) =>
      all.filter((alert) => alert.rule.id === "pod-exec" && alert.event.id === reused);
    expect(twice(await waitForAlerts((all) => twice(all).length >= 2))).toHaveLength(2);
  });
});
