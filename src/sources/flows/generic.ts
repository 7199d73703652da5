import { isObject, stringAt } from "../../model/fields.ts";
import type { FlowPeer, FlowRejection, ObservedFlow } from "./flow.ts";
import { isFlowProtocol, portOf } from "./flow.ts";

/**
 * Tenet's generic flow record (docs/generate.md): `src_ip`, `dst_ip`, `dst_port`, `protocol`
 * (default TCP), `time`, and optionally `src_namespace`/`src_pod`, `dst_namespace`/`dst_pod`
 * and `dst_names` (DNS names, `;`-separated in CSV). The same columns in JSON lines or CSV.
 */
export const GENERIC_COLUMNS = [
  "time",
  "src_ip",
  "src_namespace",
  "src_pod",
  "dst_ip",
  "dst_namespace",
  "dst_pod",
  "dst_port",
  "protocol",
  "dst_names",
] as const;

export function parseGenericRecord(
  record: Readonly<Record<string, unknown>>,
  where: string,
): ObservedFlow | FlowRejection {
  const text = (key: string): string | undefined => {
    const value = record[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const port = portOf(record["dst_port"]);
  if (port === undefined) return { where, reason: "dst_port is missing or not 1-65535" };
  const protocol = (text("protocol") ?? "TCP").toUpperCase();
  if (!isFlowProtocol(protocol))
    return { where, reason: `protocol ${protocol} is not TCP, UDP or SCTP` };
  const peer = (side: "src" | "dst"): FlowPeer | string => {
    const ip = text(`${side}_ip`);
    const namespace = text(`${side}_namespace`);
    const pod = text(`${side}_pod`);
    if (ip === undefined && (namespace === undefined || pod === undefined))
      return `${side}_ip (or ${side}_namespace and ${side}_pod) is missing`;
    return {
      ...(ip === undefined ? {} : { ip }),
      ...(namespace === undefined ? {} : { namespace }),
      ...(pod === undefined ? {} : { pod }),
    };
  };
  const src = peer("src");
  const dst = peer("dst");
  if (typeof src === "string") return { where, reason: src };
  if (typeof dst === "string") return { where, reason: dst };
  const names = record["dst_names"];
  const dnsNames = Array.isArray(names)
    ? names.filter((name): name is string => typeof name === "string")
    : typeof names === "string" && names !== ""
      ? names.split(";")
      : [];
  return { src, dst, port, protocol, dnsNames, where };
}

/** One JSON line of the generic format. */
export function parseGenericJsonLine(line: string, where: string): ObservedFlow | FlowRejection {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { where, reason: `not JSON: ${(error as Error).message}` };
  }
  if (!isObject(value)) return { where, reason: "not a JSON object" };
  // A number in JSON is fine for dst_port; protocol and addresses must be strings.
  if (stringAt(value, "protocol") === undefined && value["protocol"] !== undefined)
    return { where, reason: "protocol is not a string" };
  return parseGenericRecord(value, where);
}

/**
 * Splits one CSV line (RFC 4180 quoting: fields in double quotes may hold commas, `""` is a
 * quote). Records never span lines in flow exports, so a line is a record.
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      fields.push(field);
      field = "";
    } else field += char;
  }
  fields.push(field);
  return fields;
}
