import { isObject, objectAt, stringAt, stringMapAt } from "../../model/fields.ts";
import type { KubeObject } from "../../model/kube-object.ts";

/** What Tenet needs of an `admission.k8s.io/v1` AdmissionRequest. */
export interface AdmissionRequest {
  readonly uid: string;
  readonly operation: "CREATE" | "UPDATE" | "DELETE" | "CONNECT";
  readonly kind: string;
  readonly namespace?: string;
  readonly dryRun: boolean;
  /** The object as it would be stored; absent on DELETE and CONNECT. */
  readonly object?: KubeObject;
}

export type ParsedReview =
  | { readonly ok: true; readonly request: AdmissionRequest }
  | { readonly ok: false; readonly error: string };

const OPERATIONS = ["CREATE", "UPDATE", "DELETE", "CONNECT"] as const;

/** Validates an AdmissionReview at the edge; the error names the field that is wrong. */
export function parseAdmissionReview(body: unknown): ParsedReview {
  if (!isObject(body)) return { ok: false, error: "the body is not a JSON object" };
  if (body["apiVersion"] !== "admission.k8s.io/v1" || body["kind"] !== "AdmissionReview") {
    return {
      ok: false,
      error: `expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, got ${JSON.stringify(body["apiVersion"])} ${JSON.stringify(body["kind"])}`,
    };
  }
  const request = objectAt(body, "request");
  if (request === undefined) return { ok: false, error: "request is missing" };
  const uid = stringAt(request, "uid");
  if (uid === undefined || uid === "") return { ok: false, error: "request.uid is missing" };
  const operation = OPERATIONS.find((candidate) => candidate === request["operation"]);
  if (operation === undefined)
    return { ok: false, error: "request.operation is not CREATE, UPDATE, DELETE or CONNECT" };
  const namespace = stringAt(request, "namespace");
  const raw = request["object"];
  const object = isObject(raw) ? toKubeObject(raw, request, namespace) : undefined;
  if ((operation === "CREATE" || operation === "UPDATE") && object === undefined) {
    return {
      ok: false,
      error: "request.object is missing or not an object with apiVersion and kind",
    };
  }
  return {
    ok: true,
    request: {
      uid,
      operation,
      kind: stringAt(request, "kind", "kind") ?? object?.kind ?? "",
      ...(namespace === undefined || namespace === "" ? {} : { namespace }),
      dryRun: request["dryRun"] === true,
      ...(object === undefined ? {} : { object }),
    },
  };
}

function toKubeObject(
  raw: Readonly<Record<string, unknown>>,
  request: Readonly<Record<string, unknown>>,
  namespace: string | undefined,
): KubeObject | undefined {
  const apiVersion = stringAt(raw, "apiVersion");
  const kind = stringAt(raw, "kind");
  if (apiVersion === undefined || kind === undefined) return undefined;
  const metadata = objectAt(raw, "metadata") ?? {};
  // On CREATE with generateName the name is not chosen yet: the request's name, or the prefix.
  const name =
    stringAt(metadata, "name") ||
    stringAt(request, "name") ||
    `${stringAt(metadata, "generateName") ?? ""}<generated>`;
  const objectNamespace = stringAt(metadata, "namespace") || namespace;
  return {
    ...raw,
    apiVersion,
    kind,
    metadata: {
      ...metadata,
      name,
      ...(objectNamespace === undefined ? {} : { namespace: objectNamespace }),
      labels: stringMapAt(metadata, "labels"),
      annotations: stringMapAt(metadata, "annotations"),
    },
  };
}
