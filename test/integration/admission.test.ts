// Admission end to end: the real kube-apiserver calls `tenet serve`'s webhooks over TLS on
// loopback. Webhooks and policies are scoped to this file's namespace, so that other test
// files sharing the control plane are not affected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checks } from "../../src/checks/index.ts";
import { DEFAULT_POLICY, type AdmissionPolicy } from "../../src/evaluate/admission/policy.ts";
import { parseExceptions } from "../../src/evaluate/exceptions.ts";
import { admissionPolicies } from "../../src/generate/admission-policies.ts";
import { webhookConfigurations } from "../../src/generate/webhook-configurations.ts";
import { createAuditLedger } from "../../src/server/admission/audit-ledger.ts";
import { tenetRoutes } from "../../src/server/app.ts";
import { createTenetServer, type TenetServer } from "../../src/server/http-server.ts";
import { createMetrics } from "../../src/server/metrics.ts";
import { servingTls } from "../../src/server/tls.ts";
import { adminRequest } from "./admin-api.ts";
import type { ControlPlaneInfo } from "./control-plane.ts";
import { planeOf, sharedControlPlane, uniqueNamespace } from "./shared.ts";

const shared = sharedControlPlane();
const namespace = uniqueNamespace("admission");
const label = { "tenet.dev/e2e": namespace };

interface ApiReply {
  readonly status: number;
  readonly body: { readonly message?: string; readonly spec?: Record<string, unknown> };
  readonly warnings: readonly string[];
}

/** A request as the cluster admin, with the apiserver's Warning headers (what kubectl prints). */
async function api(
  plane: ControlPlaneInfo,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiReply> {
  const reply = await adminRequest(plane, method, path, body);
  return {
    status: reply.status,
    body: reply.json === undefined ? {} : (reply.json as ApiReply["body"]),
    warnings: reply.warnings,
  };
}

function pod(name: string, container: Record<string, unknown> = {}): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: { containers: [{ name: "app", image: "registry.example.com/app:1.0", ...container }] },
  };
}

const privileged = { securityContext: { privileged: true } };
let clock = new Date("2026-06-01T00:00:00Z");
let tenet: TenetServer | undefined;
let tenetCa = "";

describe.skipIf(shared === undefined)("admission webhooks against the real apiserver", () => {
  const plane = planeOf(shared);
  const create = (object: object, path = `/api/v1/namespaces/${namespace}/pods`) =>
    api(plane, "POST", path, object);

  beforeAll(async () => {
    const tls = await servingTls({ hosts: ["127.0.0.1", "localhost"] });
    tenetCa = tls.cert;
    const policy: AdmissionPolicy = {
      ...DEFAULT_POLICY,
      controls: { "image-tag-not-latest": "warn" },
      mutations: ["seccomp-runtime-default"],
    };
    const { exceptions } = parseExceptions(
      `exceptions:\n  - checks: [privileged-containers]\n    resources: [{ kind: Pod, namespace: ${namespace}, name: excepted }]\n    owner: e2e@example.com\n    reason: test\n    expires: 2026-06-30\n`,
      "exceptions.yaml",
    );
    tenet = createTenetServer(
      tls,
      tenetRoutes({
        isReady: () => true,
        admission: {
          checks,
          policy,
          exceptions,
          failureMode: "closed",
          now: () => clock,
          metrics: createMetrics(),
          log: () => undefined,
          ledger: createAuditLedger(checks),
        },
      }),
    );
    const server = tenet.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (typeof address !== "object" || address === null) throw new Error("not listening");
    expect(
      (
        await api(plane, "POST", "/api/v1/namespaces", {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: namespace, labels: label },
        })
      ).status,
    ).toBe(201);
    // Pods need the namespace's default ServiceAccount, which the controller manager creates
    // shortly after the namespace: wait for it (bounded) before any test creates a pod.
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const account = await api(
        plane,
        "GET",
        `/api/v1/namespaces/${namespace}/serviceaccounts/default`,
      );
      if (account.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const configs = webhookConfigurations({
      url: `https://127.0.0.1:${address.port}`,
      caBundlePem: tls.cert,
      namespace: "tenet-system",
      failurePolicy: "Fail",
      timeoutSeconds: 5,
    }) as {
      kind: string;
      metadata: { name: string };
      webhooks: { namespaceSelector: unknown }[];
    }[];
    for (const config of configs) {
      config.metadata.name = `tenet-${namespace}`;
      for (const webhook of config.webhooks) webhook.namespaceSelector = { matchLabels: label };
      const resource =
        config.kind === "ValidatingWebhookConfiguration"
          ? "validatingwebhookconfigurations"
          : "mutatingwebhookconfigurations";
      const reply = await api(
        plane,
        "POST",
        `/apis/admissionregistration.k8s.io/v1/${resource}`,
        config,
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    }
  });

  afterAll(async () => {
    await tenet?.shutdown(1000);
    for (const resource of [
      "validatingwebhookconfigurations",
      "mutatingwebhookconfigurations",
      "validatingadmissionpolicybindings",
      "validatingadmissionpolicies",
    ]) {
      for (const name of [`tenet-${namespace}`, ...admissionPolicyNames()]) {
        await api(plane, "DELETE", `/apis/admissionregistration.k8s.io/v1/${resource}/${name}`);
      }
    }
  });

  it("denies a privileged pod with Tenet's message", async () => {
    const reply = await create(pod("root", privileged));
    expect(reply.status).toBe(403);
    expect(reply.body.message).toContain(
      'admission webhook "validate.tenet.dev" denied the request',
    );
    expect(reply.body.message).toContain("[privileged-containers]");
  });

  it("admits a compliant pod, mutated with the RuntimeDefault seccomp profile", async () => {
    const reply = await create(pod("compliant"));
    expect(reply.status).toBe(201);
    expect(reply.body.spec?.["securityContext"]).toMatchObject({
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("reports the pods admitted with audit-mode failures as a PolicyReport, not the denied or dry-run ones", async () => {
    const dryRun = await create(pod("dry-run"), `/api/v1/namespaces/${namespace}/pods?dryRun=All`);
    expect(dryRun.status).toBe(201);
    const address = tenet?.server.address();
    if (typeof address !== "object" || address === null) throw new Error("tenet is not listening");
    const { request } = await import("node:https");
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port: address.port, path: "/policyreports", ca: tenetCa },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        },
      );
      req.on("error", reject);
      req.end();
    });
    const list = JSON.parse(text) as {
      items: {
        kind: string;
        metadata: { namespace?: string };
        results: { policy: string; result: string; resources: { kind: string; name: string }[] }[];
      }[];
    };
    const report = list.items.find((item) => item.metadata.namespace === namespace);
    expect(report?.kind).toBe("PolicyReport");
    const pods = new Set(report?.results.flatMap((result) => result.resources.map((r) => r.name)));
    // "compliant" passes the enforced baseline but fails audited restricted-level controls.
    expect(pods.has("compliant")).toBe(true);
    expect(pods.has("root")).toBe(false);
    expect(pods.has("dry-run")).toBe(false);
    expect(report?.results.every((result) => result.result === "fail")).toBe(true);
  });

  it("denies a Deployment whose pod template violates a control", async () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { hostNetwork: true, containers: [{ name: "c", image: "x:1" }] },
        },
      },
    };
    const reply = await create(deployment, `/apis/apps/v1/namespaces/${namespace}/deployments`);
    expect(reply.status).toBe(403);
    expect(reply.body.message).toContain("[host-namespaces]");
  });

  it("returns a warn-mode control as a warning kubectl shows", async () => {
    const reply = await create(pod("latest", { image: "registry.example.com/app:latest" }));
    expect(reply.status).toBe(201);
    expect(reply.warnings.join("\n")).toContain("tenet image-tag-not-latest");
  });

  it("lets an exception through until its expiry, then denies again", async () => {
    expect((await create(pod("excepted", privileged))).status).toBe(201);
    await api(plane, "DELETE", `/api/v1/namespaces/${namespace}/pods/excepted`);
    clock = new Date("2026-07-01T00:00:00Z");
    expect((await create(pod("excepted", privileged))).status).toBe(403);
  });

  it("fails closed while Tenet is down, and the generated ValidatingAdmissionPolicies still deny", async () => {
    await tenet?.shutdown(1000);
    const down = await create(pod("while-down"));
    // failurePolicy Fail on the validating webhook: the apiserver refuses what it cannot check.
    expect(down.status).toBe(500);
    expect(down.body.message).toContain("failed calling webhook");
    for (const resource of ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]) {
      await api(
        plane,
        "DELETE",
        `/apis/admissionregistration.k8s.io/v1/${resource}/tenet-${namespace}`,
      );
    }
    for (const object of podSecurityPolicies()) {
      const kind = (object as { kind: string }).kind;
      const resource =
        kind === "ValidatingAdmissionPolicy"
          ? "validatingadmissionpolicies"
          : "validatingadmissionpolicybindings";
      const reply = await api(
        plane,
        "POST",
        `/apis/admissionregistration.k8s.io/v1/${resource}`,
        object,
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    }
    // Policies take effect once the apiserver's informer has them: retry for a bounded time.
    let reply = await create(pod("vap-root", privileged));
    for (let attempt = 0; attempt < 60 && reply.status === 201; attempt += 1) {
      await api(plane, "DELETE", `/api/v1/namespaces/${namespace}/pods/vap-root`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      reply = await create(pod("vap-root", privileged));
    }
    expect(reply.status).toBe(403);
    expect(reply.body.message).toContain("tenet privileged-containers");
    expect((await create(pod("vap-ok"))).status).toBe(201);
  });
});

/** The pod-security policies only (the identity one is cluster-wide), scoped to this namespace. */
function podSecurityPolicies(): object[] {
  const objects = admissionPolicies({ action: "Deny", excludeNamespaces: [] }) as {
    kind: string;
    metadata: { name: string };
    spec: { policyName?: string; matchResources?: unknown };
  }[];
  return objects
    .filter((object) =>
      (object.spec.policyName ?? object.metadata.name).startsWith("tenet-pod-security"),
    )
    .map((object) => {
      const name = `${object.metadata.name}-${namespace}`;
      return object.kind === "ValidatingAdmissionPolicy"
        ? { ...object, metadata: { ...object.metadata, name } }
        : {
            ...object,
            metadata: { ...object.metadata, name },
            spec: {
              ...object.spec,
              policyName: `${object.spec.policyName ?? ""}-${namespace}`,
              matchResources: { namespaceSelector: { matchLabels: label } },
            },
          };
    });
}

function admissionPolicyNames(): string[] {
  return podSecurityPolicies().map(
    (object) => (object as { metadata: { name: string } }).metadata.name,
  );
}
