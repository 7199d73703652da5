// The admission server over real TLS on loopback: decisions, bad input and overload answers.
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checks } from "../../src/checks/index.ts";
import { DEFAULT_POLICY, MUTATIONS } from "../../src/evaluate/admission/policy.ts";
import { createAuditLedger } from "../../src/server/admission/audit-ledger.ts";
import { tenetRoutes } from "../../src/server/app.ts";
import {
  createTenetServer,
  DEFAULT_LIMITS,
  type ServerLimits,
  type TenetServer,
} from "../../src/server/http-server.ts";
import { createMetrics } from "../../src/server/metrics.ts";
import { servingTls, type ServingTls } from "../../src/server/tls.ts";

/** The parts of an answer the tests read: a review response, or an error body. */
interface ReplyBody {
  readonly error: string;
  readonly response: {
    readonly uid: string;
    readonly allowed: boolean;
    readonly status: { readonly code: number; readonly message: string };
    readonly auditAnnotations: Readonly<Record<string, string>>;
    readonly patchType?: string;
    readonly patch: string;
  };
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly json: () => ReplyBody;
}

let tls: ServingTls;
const started: TenetServer[] = [];

async function start(limits: ServerLimits = DEFAULT_LIMITS): Promise<number> {
  const tenet = createTenetServer(
    tls,
    tenetRoutes({
      isReady: () => true,
      admission: {
        checks,
        policy: { ...DEFAULT_POLICY, mutations: [...MUTATIONS] },
        exceptions: [],
        failureMode: "closed",
        now: () => new Date("2026-06-01T00:00:00Z"),
        metrics: createMetrics(),
        log: () => undefined,
        ledger: createAuditLedger(checks),
      },
    }),
    limits,
  );
  started.push(tenet);
  await new Promise<void>((resolve) => tenet.server.listen(0, "127.0.0.1", resolve));
  const address = tenet.server.address();
  if (typeof address !== "object" || address === null) throw new Error("not listening");
  return address.port;
}

function call(
  port: number,
  path: string,
  options: { method?: string; body?: string; type?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "POST",
        ca: tls.cert,
        headers: { "content-type": options.type ?? "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) as ReplyBody });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

function review(object: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: {
      uid: "u-1",
      operation: "CREATE",
      kind: { group: "", version: "v1", kind: "Pod" },
      namespace: "shop",
      object,
      ...extra,
    },
  });
}

const privilegedPod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "root", namespace: "shop" },
  spec: { containers: [{ name: "c", image: "x:1", securityContext: { privileged: true } }] },
};
const plainPod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { generateName: "web-" },
  spec: { containers: [{ name: "c", image: "x:1" }] },
};

let port: number;
beforeAll(async () => {
  tls = await servingTls({ hosts: ["localhost", "127.0.0.1"] });
  port = await start();
});
afterAll(async () => {
  await Promise.all(started.map((tenet) => tenet.shutdown(1000)));
});

describe("admission over HTTPS", () => {
  it("denies a privileged pod with the control and its remediation, echoing the uid", async () => {
    const reply = await call(port, "/validate", { body: review(privilegedPod) });
    expect(reply.status).toBe(200);
    const { response } = reply.json();
    expect(response).toMatchObject({ uid: "u-1", allowed: false, status: { code: 403 } });
    expect(response.status.message).toContain("[privileged-containers]");
    expect(response.auditAnnotations.decision).toBe("denied");
  });

  it("admits a compliant pod named by generateName", async () => {
    const { response } = (await call(port, "/validate", { body: review(plainPod) })).json();
    expect(response.allowed).toBe(true);
  });

  it("skips excluded namespaces and DELETE requests", async () => {
    const system = (
      await call(port, "/validate", { body: review(privilegedPod, { namespace: "kube-system" }) })
    ).json();
    expect(system.response).toMatchObject({
      allowed: true,
      auditAnnotations: { decision: "skipped" },
    });
    const deletion = (
      await call(port, "/validate", { body: review(undefined, { operation: "DELETE" }) })
    ).json();
    expect(deletion.response.allowed).toBe(true);
  });

  it("answers /mutate with a base64 JSONPatch", async () => {
    const { response } = (await call(port, "/mutate", { body: review(plainPod) })).json();
    expect(response.patchType).toBe("JSONPatch");
    const patch: unknown = JSON.parse(Buffer.from(response.patch, "base64").toString("utf8"));
    expect(patch).toContainEqual({
      op: "add",
      path: "/spec/automountServiceAccountToken",
      value: false,
    });
  });

  it("admits an object of a kind no control reads", async () => {
    const widget = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w" },
      spec: {},
    };
    expect((await call(port, "/validate", { body: review(widget) })).json().response.allowed).toBe(
      true,
    );
  });

  it("refuses malformed JSON, wrong kinds, a missing uid and the wrong content type with a clear error", async () => {
    const malformed = await call(port, "/validate", { body: "{ not json" });
    expect([malformed.status, malformed.json().error]).toEqual([
      400,
      expect.stringContaining("malformed JSON"),
    ]);
    const wrongKind = await call(port, "/validate", {
      body: JSON.stringify({ apiVersion: "v1", kind: "Pod" }),
    });
    expect([wrongKind.status, wrongKind.json().error]).toEqual([
      400,
      expect.stringContaining("AdmissionReview"),
    ]);
    const noUid = await call(port, "/validate", {
      body: JSON.stringify({
        apiVersion: "admission.k8s.io/v1",
        kind: "AdmissionReview",
        request: { operation: "CREATE", object: plainPod },
      }),
    });
    expect([noUid.status, noUid.json().error]).toEqual([400, "request.uid is missing"]);
    expect((await call(port, "/validate", { body: "x", type: "text/plain" })).status).toBe(415);
    expect((await call(port, "/validate", { method: "GET" })).status).toBe(405);
    expect((await call(port, "/nope", { method: "GET" })).status).toBe(404);
  });

  it("serves audit-mode admissions as PolicyReports; denials and dry runs are not recorded", async () => {
    const own = await start();
    const auditedPod = { ...plainPod, metadata: { name: "audited", namespace: "shop" } };
    expect(
      (await call(own, "/validate", { body: review(auditedPod) })).json().response.allowed,
    ).toBe(true);
    const dry = { ...plainPod, metadata: { name: "dry", namespace: "shop" } };
    await call(own, "/validate", { body: review(dry, { dryRun: true }) });
    await call(own, "/validate", { body: review(privilegedPod) });
    const reply = await call(own, "/policyreports", { method: "GET" });
    expect(reply.status).toBe(200);
    const list = JSON.parse(reply.body) as {
      kind: string;
      items: {
        apiVersion: string;
        kind: string;
        metadata: { namespace?: string };
        results: { result: string; resources: { name: string }[] }[];
      }[];
    };
    expect(list.kind).toBe("List");
    const shop = list.items.find((item) => item.metadata.namespace === "shop");
    expect(shop).toMatchObject({ apiVersion: "wgpolicyk8s.io/v1alpha2", kind: "PolicyReport" });
    const names = new Set(shop?.results.flatMap((result) => result.resources.map((r) => r.name)));
    expect([...names]).toEqual(["audited"]);
    expect(shop?.results.every((result) => result.result === "fail")).toBe(true);
    const metrics = await call(own, "/metrics", { method: "GET" });
    expect(metrics.body).toMatch(/^tenet_admission_audited_objects 1$/m);
  });

  it("counts decisions in /metrics", async () => {
    const metrics = await call(port, "/metrics", { method: "GET" });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(
      /tenet_admission_requests_total\{[^}]*decision="denied"[^}]*\} [1-9]/,
    );
    expect(metrics.body).toContain("tenet_admission_duration_seconds_bucket");
    expect(metrics.body).toMatch(/tenet_admission_errors_total\{cause="bad-review"\} [1-9]/);
  });

  it("answers 413 to a body over the limit and 429 past the in-flight limit", async () => {
    const small = await start({ ...DEFAULT_LIMITS, maxBodyBytes: 1024 });
    const big = review({
      ...plainPod,
      metadata: { name: "x", annotations: { a: "x".repeat(4096) } },
    });
    expect((await call(small, "/validate", { body: big })).status).toBe(413);
    const saturated = await start({ ...DEFAULT_LIMITS, maxInFlight: 0 });
    const reply = await call(saturated, "/validate", { body: review(plainPod) });
    expect(reply.status).toBe(429);
  });

  it("serves TLS only: a plain-HTTP request gets no HTTP answer", async () => {
    const { request: plain } = await import("node:http");
    const outcome = await new Promise<string>((resolve) => {
      const req = plain({ host: "127.0.0.1", port, path: "/healthz" }, (res) =>
        resolve(`http ${res.statusCode ?? 0}`),
      );
      req.on("error", () => resolve("refused"));
      req.end();
    });
    expect(outcome).not.toBe("http 200");
  });
});
