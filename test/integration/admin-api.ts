// Direct requests to the test control plane as its admin, for what kubectl would make slow
// (hundreds of SubjectAccessReviews) or awkward (reading etcd).
import { readFileSync } from "node:fs";
import { request } from "node:https";
import type { Request } from "../../src/engines/rbac/types.ts";
import type { ControlPlaneInfo } from "./control-plane.ts";

export async function adminRequest(
  plane: ControlPlaneInfo,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; warnings: readonly string[] }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${plane.server}${path}`,
      {
        method,
        ca: readFileSync(plane.caCert),
        cert: readFileSync(plane.adminCert),
        key: readFileSync(plane.adminKey),
        headers: { "content-type": "application/json", accept: "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const warning = res.headers.warning;
          resolve({
            status: res.statusCode ?? 0,
            json: text === "" ? undefined : (JSON.parse(text) as unknown),
            // The apiserver's Warning headers: what kubectl prints as "Warning: ...".
            warnings: warning === undefined ? [] : [warning].flat(),
          });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export interface AccessQuestion {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly namespace?: string;
}

/** Asks the apiserver's own authorizer (SubjectAccessReview) whether a user may do something. */
export async function isAllowed(
  plane: ControlPlaneInfo,
  subject: { readonly user: string; readonly groups: readonly string[] },
  question: AccessQuestion,
): Promise<boolean> {
  const request: Request = {
    kind: "resource",
    verb: question.verb,
    namespace: question.namespace ?? "",
    apiGroup: question.group,
    resource: question.resource,
    subresource: "",
    name: "",
  };
  return (await subjectAccessReview(plane, { name: subject.user, groups: subject.groups }, request))
    .allowed;
}

/** The raw bytes etcd stores under a key, via its JSON gateway (`/v3/kv/range`). */
export async function etcdValue(plane: ControlPlaneInfo, key: string): Promise<Buffer | undefined> {
  const response = await fetch(`${plane.etcdUrl}/v3/kv/range`, {
    method: "POST",
    body: JSON.stringify({ key: Buffer.from(key).toString("base64") }),
  });
  const json = (await response.json()) as { kvs?: { value?: string }[] };
  const value = json.kvs?.[0]?.value;
  return value === undefined ? undefined : Buffer.from(value, "base64");
}

/** A SubjectAccessReview for any user and request (resource or non-resource), as answered. */
export async function subjectAccessReview(
  plane: ControlPlaneInfo,
  user: { readonly name: string; readonly groups: readonly string[] },
  request: Request,
): Promise<{ allowed: boolean; reason: string }> {
  const attributes =
    request.kind === "resource"
      ? {
          resourceAttributes: {
            verb: request.verb,
            namespace: request.namespace,
            group: request.apiGroup,
            resource: request.resource,
            subresource: request.subresource,
            name: request.name,
          },
        }
      : { nonResourceAttributes: { verb: request.verb, path: request.path } };
  const { status, json } = await adminRequest(
    plane,
    "POST",
    "/apis/authorization.k8s.io/v1/subjectaccessreviews",
    {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: { user: user.name, groups: user.groups, ...attributes },
    },
  );
  if (status !== 201)
    throw new Error(`SubjectAccessReview answered ${status}: ${JSON.stringify(json)}`);
  const answer = (json as { status?: { allowed?: boolean; reason?: string } }).status;
  return { allowed: answer?.allowed === true, reason: answer?.reason ?? "" };
}
