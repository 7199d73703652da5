import { isObject, stringAt, stringMapAt, type JsonObject } from "../../model/fields.ts";

// The same shape as rules/audit-event.ts (sources may not import rules); monitor/ asserts that
// the two stay assignable to each other.
export const STAGES = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"] as const;
export type Stage = (typeof STAGES)[number];

export interface ParsedUser {
  readonly username: string;
  readonly groups: readonly string[];
  readonly uid?: string;
}

export interface ParsedObjectRef {
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
}

export interface ParsedAuditEvent {
  readonly auditID: string;
  readonly stage: Stage;
  readonly level: string;
  readonly verb: string;
  readonly requestURI: string;
  readonly user: ParsedUser;
  readonly impersonatedUser?: ParsedUser;
  readonly sourceIPs: readonly string[];
  readonly userAgent?: string;
  readonly objectRef?: ParsedObjectRef;
  readonly responseCode?: number;
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  readonly requestReceivedTimestamp: string;
  readonly stageTimestamp: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export type EventParse =
  | {
      readonly ok: true;
      readonly event: ParsedAuditEvent;
      /**
       * The input carried a request or response body of a credential resource, cut to metadata
       * in `event`: the input itself must then never be kept (stores keep `event` instead).
       */
      readonly redacted: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/** The one audit API version the apiserver has written since 1.24 (v1beta1 was removed then). */
export const AUDIT_API_VERSION = "audit.k8s.io/v1";

/**
 * Resources whose bodies carry credentials: Secret data, the token a TokenRequest returns, the
 * token a TokenReview checks. Their request and response objects are cut to metadata here, at
 * the edge, so no rule, alert or store ever holds one.
 */
const CREDENTIAL_RESOURCES: ReadonlySet<string> = new Set([
  "secrets",
  "serviceaccounts/token",
  "tokenreviews",
]);

const STAGE_SET: ReadonlySet<string> = new Set(STAGES);

// Direct reads of one key: this runs for every event at tens of thousands a second, where the
// path accessors of model/fields.ts cost more than the rest of the parse. Same rule: a field of
// the wrong type is absent.
function text(value: JsonObject, key: string): string | undefined {
  const found = value[key];
  return typeof found === "string" ? found : undefined;
}

function texts(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return [];
  // The common case, all strings, keeps the parsed array as it is.
  for (const item of value as unknown[])
    if (typeof item !== "string") return value.filter((entry) => typeof entry === "string");
  return value as string[];
}

function textMap(value: unknown): Readonly<Record<string, string>> {
  if (!isObject(value)) return {};
  for (const key in value)
    if (typeof value[key] !== "string")
      return Object.fromEntries(
        Object.entries(value).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string",
        ),
      );
  return value as Readonly<Record<string, string>>;
}

/** One `audit.k8s.io/v1` Event, or the reason it cannot be read. */
export function parseAuditEvent(value: unknown): EventParse {
  if (!isObject(value)) return { ok: false, reason: "event is not a JSON object" };
  const apiVersion = text(value, "apiVersion");
  if (apiVersion !== undefined && apiVersion !== AUDIT_API_VERSION)
    return { ok: false, reason: `unsupported apiVersion ${apiVersion}` };
  const kind = text(value, "kind");
  if (kind !== undefined && kind !== "Event")
    return { ok: false, reason: `kind ${kind} is not Event` };
  const auditID = text(value, "auditID");
  const stage = text(value, "stage");
  const verb = text(value, "verb");
  const rawUser = isObject(value["user"]) ? value["user"] : undefined;
  const stageTimestamp = text(value, "stageTimestamp");
  if (auditID === undefined || auditID === "") return { ok: false, reason: "auditID missing" };
  if (stage === undefined || !STAGE_SET.has(stage))
    return { ok: false, reason: `stage ${stage ?? "missing"} is not one of ${STAGES.join(", ")}` };
  if (verb === undefined) return { ok: false, reason: "verb missing" };
  if (stageTimestamp === undefined || Number.isNaN(Date.parse(stageTimestamp)))
    return { ok: false, reason: "stageTimestamp missing or not a time" };
  const objectRef = objectRefOf(value["objectRef"]);
  const ref = objectRef === undefined ? undefined : resourceKey(objectRef);
  const credential = ref !== undefined && CREDENTIAL_RESOURCES.has(ref);
  const impersonated = isObject(value["impersonatedUser"])
    ? userOf(value["impersonatedUser"])
    : undefined;
  const status = value["responseStatus"];
  const code = isObject(status) ? status["code"] : undefined;
  const userAgent = text(value, "userAgent");
  // Built by assignment, not by spreading optional parts: this runs for every event, and each
  // spread cost an object and a copy.
  const event: Mutable<ParsedAuditEvent> = {
    auditID,
    stage: stage as Stage,
    level: text(value, "level") ?? "Metadata",
    verb,
    requestURI: text(value, "requestURI") ?? "",
    user: userOf(rawUser),
    sourceIPs: texts(value["sourceIPs"]),
    requestReceivedTimestamp: text(value, "requestReceivedTimestamp") ?? stageTimestamp,
    stageTimestamp,
    annotations: textMap(value["annotations"]),
  };
  if (impersonated !== undefined) event.impersonatedUser = impersonated;
  if (userAgent !== undefined) event.userAgent = userAgent;
  if (objectRef !== undefined) event.objectRef = objectRef;
  if (typeof code === "number" && Number.isFinite(code)) event.responseCode = code;
  const request = value["requestObject"];
  const response = value["responseObject"];
  const keptRequest = credential ? metadataOnly(request) : request;
  const keptResponse = credential ? metadataOnly(response) : response;
  if (keptRequest !== undefined) event.requestObject = keptRequest;
  if (keptResponse !== undefined) event.responseObject = keptResponse;
  return {
    ok: true,
    redacted: credential && (request !== undefined || response !== undefined),
    event,
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function userOf(value: JsonObject | undefined): ParsedUser {
  if (value === undefined) return { username: "", groups: [] };
  const user: Mutable<ParsedUser> = {
    username: text(value, "username") ?? "",
    groups: texts(value["groups"]),
  };
  const uid = text(value, "uid");
  if (uid !== undefined) user.uid = uid;
  return user;
}

const OPTIONAL_REF_FIELDS = ["subresource", "namespace", "name", "apiGroup", "apiVersion"] as const;

function objectRefOf(value: unknown): ParsedObjectRef | undefined {
  if (!isObject(value)) return undefined;
  const resource = text(value, "resource");
  if (resource === undefined) return undefined;
  const ref: Record<string, string> = { resource };
  for (const key of OPTIONAL_REF_FIELDS) {
    const found = text(value, key);
    if (found !== undefined && found !== "") ref[key] = found;
  }
  return ref as unknown as ParsedObjectRef;
}

function resourceKey(ref: ParsedObjectRef): string {
  return ref.subresource === undefined ? ref.resource : `${ref.resource}/${ref.subresource}`;
}

/**
 * What may be kept of a credential-bearing body: kind, type, name, namespace, labels and the
 * annotations other than kubectl's last-applied copy (which holds the data itself). Lists keep
 * only their kind.
 */
export function metadataOnly(body: unknown): unknown {
  if (!isObject(body)) return undefined;
  const kind = stringAt(body, "kind");
  const type = stringAt(body, "type");
  const annotations = { ...stringMapAt(body, "metadata", "annotations") };
  delete annotations["kubectl.kubernetes.io/last-applied-configuration"];
  const name = stringAt(body, "metadata", "name");
  const namespace = stringAt(body, "metadata", "namespace");
  return {
    ...(kind === undefined ? {} : { kind }),
    ...(type === undefined ? {} : { type }),
    metadata: {
      ...(name === undefined ? {} : { name }),
      ...(namespace === undefined ? {} : { namespace }),
      labels: stringMapAt(body, "metadata", "labels"),
      annotations,
    },
  };
}
