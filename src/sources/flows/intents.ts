import { parseAllDocuments } from "yaml";
import {
  arrayAt,
  isObject,
  objectAt,
  objectsAt,
  stringAt,
  type JsonObject,
} from "../../model/fields.ts";
import type { FlowProtocol, FlowRejection } from "./flow.ts";
import { isFlowProtocol, portOf } from "./flow.ts";

/** A workload by namespace and name (a Deployment, StatefulSet, ... or a bare Pod). */
export interface WorkloadName {
  readonly namespace: string;
  readonly name: string;
}

export interface IntentPort {
  readonly port: number;
  readonly protocol: FlowProtocol;
}

/**
 * "A calls B on these ports": B is a workload or a Service (by name), or addresses. Without
 * ports, the destination Service's ports (or the workload's container ports) are meant.
 */
export interface DeclaredIntent {
  readonly from: WorkloadName;
  readonly to: WorkloadName | { readonly cidr: string };
  readonly ports: readonly IntentPort[] | undefined;
  readonly where: string;
}

export const INTENTS_API_VERSION = "tenet.dev/v1alpha1";

/**
 * Intents files: Tenet's `kind: Intents` (docs/generate.md) and Otterize `ClientIntents`
 * (`k8s.otterize.com`, v1alpha2/v1alpha3 `service`+`calls`, v2 `workload`+`targets`).
 */
export function parseIntents(
  text: string,
  file: string,
): { intents: DeclaredIntent[]; rejected: FlowRejection[] } {
  const intents: DeclaredIntent[] = [];
  const rejected: FlowRejection[] = [];
  for (const document of parseAllDocuments(text)) {
    const line = lineOf(text, document.range[0]);
    const where = `${file}:${line}`;
    if (document.errors.length > 0) {
      rejected.push({ where, reason: document.errors[0]?.message ?? "invalid YAML" });
      continue;
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value)) {
      rejected.push({ where, reason: "not a mapping" });
      continue;
    }
    const kind = stringAt(value, "kind");
    const apiVersion = stringAt(value, "apiVersion") ?? "";
    if (kind === "Intents" && apiVersion === INTENTS_API_VERSION)
      tenetIntents(value, where, intents, rejected);
    else if (kind === "ClientIntents" && apiVersion.startsWith("k8s.otterize.com/"))
      otterizeIntents(value, where, intents, rejected);
    else
      rejected.push({
        where,
        reason: `expected ${INTENTS_API_VERSION} Intents or k8s.otterize.com ClientIntents, got ${apiVersion} ${kind ?? "(no kind)"}`,
      });
  }
  return { intents, rejected };
}

function tenetIntents(
  value: JsonObject,
  where: string,
  out: DeclaredIntent[],
  rejected: FlowRejection[],
): void {
  const namespace = stringAt(value, "metadata", "namespace");
  objectsAt(value, "intents").forEach((intent, index) => {
    const at = `${where} intents[${index}]`;
    const from = workloadName(stringAt(intent, "from"), namespace);
    if (from === undefined)
      return void rejected.push({ where: at, reason: "from must be <namespace>/<workload>" });
    const toText = stringAt(intent, "to");
    const cidr = stringAt(intent, "toCIDR");
    const to = cidr !== undefined ? { cidr } : workloadName(toText, namespace);
    if (to === undefined)
      return void rejected.push({
        where: at,
        reason: "to must be <namespace>/<workload or Service>, or give toCIDR",
      });
    const ports = parsePorts(arrayAt(intent, "ports"));
    if (typeof ports === "string") return void rejected.push({ where: at, reason: ports });
    out.push({ from, to, ports: ports.length === 0 ? undefined : ports, where: at });
  });
}

function otterizeIntents(
  value: JsonObject,
  where: string,
  out: DeclaredIntent[],
  rejected: FlowRejection[],
): void {
  const namespace = stringAt(value, "metadata", "namespace") ?? "default";
  const spec = objectAt(value, "spec");
  const client = stringAt(spec, "service", "name") ?? stringAt(spec, "workload", "name");
  if (client === undefined)
    return void rejected.push({
      where,
      reason: "spec.service.name (or spec.workload.name) is missing",
    });
  const calls = [...objectsAt(spec, "calls"), ...objectsAt(spec, "targets")];
  calls.forEach((call, index) => {
    // Otterize names a server `name` or `name.namespace`; v2 nests it under kubernetes/service.
    const name =
      stringAt(call, "name") ??
      stringAt(call, "kubernetes", "name") ??
      stringAt(call, "service", "name");
    const type = stringAt(call, "type");
    if (name === undefined)
      return void rejected.push({ where: `${where} calls[${index}]`, reason: "no server name" });
    if (type !== undefined && type !== "http" && type !== "grpc" && type !== "kubernetes") {
      // Kafka topics, databases and AWS resources are not network peers Tenet can name.
      return void rejected.push({
        where: `${where} calls[${index}]`,
        reason: `type ${type} is not a network call Tenet generates for`,
      });
    }
    const dot = name.indexOf(".");
    const to =
      dot < 0 ? { namespace, name } : { namespace: name.slice(dot + 1), name: name.slice(0, dot) };
    out.push({
      from: { namespace, name: client },
      to,
      ports: undefined,
      where: `${where} calls[${index}]`,
    });
  });
}

function workloadName(
  text: string | undefined,
  namespace: string | undefined,
): WorkloadName | undefined {
  if (text === undefined) return undefined;
  const parts = text.split("/");
  if (parts.length === 1 && namespace !== undefined && text !== "")
    return { namespace, name: text };
  const [ns, name] = parts;
  if (parts.length !== 2 || ns === undefined || name === undefined || ns === "" || name === "")
    return undefined;
  return { namespace: ns, name };
}

function parsePorts(values: readonly unknown[]): IntentPort[] | string {
  const out: IntentPort[] = [];
  for (const value of values) {
    const [portText, protocolText = "TCP"] = String(value).split("/");
    const port = portOf(typeof value === "number" ? value : portText);
    const protocol = protocolText.toUpperCase();
    if (port === undefined || !isFlowProtocol(protocol))
      return `port "${String(value)}" is not <1-65535>[/TCP|UDP|SCTP]`;
    out.push({ port, protocol });
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
