import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { dataChecks } from "../data/index.ts";
import { edgeChecks } from "./index.ts";

// Kinds the edge and data controls read, with the apiVersions they look for.
const KINDS: readonly (readonly [string, string])[] = [
  ["networking.k8s.io/v1", "Ingress"],
  ["networking.k8s.io/v1", "IngressClass"],
  ["networking.k8s.io/v1", "NetworkPolicy"],
  ["v1", "Secret"],
  ["v1", "Service"],
  ["v1", "ConfigMap"],
  ["v1", "Namespace"],
  ["v1", "Pod"],
  ["apps/v1", "Deployment"],
  ["gateway.networking.k8s.io/v1", "Gateway"],
  ["gateway.networking.k8s.io/v1", "HTTPRoute"],
  ["security.istio.io/v1", "PeerAuthentication"],
  ["security.istio.io/v1", "RequestAuthentication"],
  ["security.istio.io/v1", "AuthorizationPolicy"],
  ["apiserver.config.k8s.io/v1", "EncryptionConfiguration"],
];

const names = fc.constantFrom(
  "a",
  "b",
  "tls",
  "web",
  "istio-system",
  "kube-system",
  "cilium-config",
);
const stringMap = fc.dictionary(
  fc.constantFrom("app", "istio-injection", "linkerd.io/inject", "sidecar.istio.io/inject", "x"),
  fc.constantFrom("enabled", "true", "false", "disabled", "web", ""),
);
// Any JSON, biased towards the field names the controls read.
const field = fc.constantFrom(
  "spec",
  "tls",
  "hosts",
  "secretName",
  "rules",
  "listeners",
  "data",
  "resources",
  "providers",
  "egress",
  "to",
  "ports",
  "mtls",
  "mode",
  "selector",
  "containers",
  "env",
  "value",
  "template",
  "type",
);
const junk = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(field, tie("value"), { maxKeys: 4 }),
  ),
})).value;

const object = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    name: names,
    namespace: names,
    labels: stringMap,
    annotations: stringMap,
    body: fc.dictionary(field, junk, { maxKeys: 4 }),
  })
  .map(({ kind: [apiVersion, kind], name, namespace, labels, annotations, body }): KubeObject => ({
    ...body,
    apiVersion,
    kind,
    metadata: { name, namespace, labels, annotations },
  }));

describe("edge and data controls on arbitrary input", () => {
  it("never throw and always name a known status", () => {
    fc.assert(
      fc.property(fc.array(object, { maxLength: 8 }), (objects) => {
        const context = contextOf(objects);
        for (const check of [...edgeChecks, ...dataChecks]) {
          for (const result of check.evaluate(context)) {
            expect(["pass", "fail", "skip", "error"]).toContain(result.status);
            expect(result.checkId).toBe(check.id);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it("never copy Secret data, ConfigMap values or env values into results", () => {
    const marker = "Zq8uV3nP0wL5";
    const encoded = Buffer.from(`${marker}-encoded`).toString("base64");
    const objects: KubeObject[] = [
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "web", namespace: "a" },
        spec: { tls: [{ hosts: ["a.example.com"], secretName: "tls" }] },
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "tls", namespace: "a" },
        data: { "tls.crt": encoded, "tls.key": encoded },
        stringData: { password: marker },
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "cfg", namespace: "a" },
        data: { DB_PASSWORD: `${marker}-cm`, url: `postgres://u:${marker}@db:5432/x` },
      },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace: "a" },
        spec: { containers: [{ name: "c", env: [{ name: "API_TOKEN", value: `${marker}-env` }] }] },
      },
      {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "EncryptionConfiguration",
        metadata: { name: "enc" },
        resources: [
          {
            resources: ["secrets"],
            providers: [{ aescbc: { keys: [{ name: "k", secret: encoded }] } }],
          },
        ],
      },
    ];
    const context = contextOf(objects);
    const results = [...edgeChecks, ...dataChecks].flatMap((check) => check.evaluate(context));
    expect(results.some((result) => result.status === "fail")).toBe(true);
    const text = JSON.stringify(results);
    expect(text).not.toContain(marker);
    expect(text).not.toContain(encoded);
  });
});
