import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { SourceError } from "../../model/errors.ts";
import { flowKey, type FlowBatch, type FlowRejection, type ObservedFlow } from "./flow.ts";
import {
  GENERIC_COLUMNS,
  parseGenericJsonLine,
  parseGenericRecord,
  splitCsvLine,
} from "./generic.ts";
import { parseHubbleRecord } from "./hubble.ts";

export const FLOW_FORMATS = ["auto", "hubble", "json", "csv"] as const;
export type FlowFormat = (typeof FLOW_FORMATS)[number];

/**
 * Reads a flow file line by line (flow exports run to millions of records): Hubble JSON, the
 * generic JSON lines or the generic CSV. `auto` picks CSV by the `.csv` suffix, else Hubble
 * for a line with a `flow` (or `l4`) key, else generic JSON.
 */
export async function readFlowFile(path: string, format: FlowFormat = "auto"): Promise<FlowBatch> {
  const flows: ObservedFlow[] = [];
  // Exports repeat a few thousand connections millions of times: keep each once.
  const seen = new Set<string>();
  let records = 0;
  const rejected: FlowRejection[] = [];
  const skipped: Record<string, number> = {};
  let chosen: FlowFormat = format === "auto" && path.endsWith(".csv") ? "csv" : format;
  let header: string[] | undefined;
  let lineNumber = 0;
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === "") continue;
      const where = `${path}:${lineNumber}`;
      if (chosen === "csv") {
        const fields = splitCsvLine(line);
        if (header === undefined) {
          header = fields.map((field) => field.trim());
          const unknown = header.filter(
            (name) => !(GENERIC_COLUMNS as readonly string[]).includes(name),
          );
          if (unknown.length > 0)
            rejected.push({ where, reason: `unknown columns ${unknown.join(", ")} (ignored)` });
          continue;
        }
        const record: Record<string, string> = {};
        header.forEach((name, index) => (record[name] = (fields[index] ?? "").trim()));
        add(parseGenericRecord(record, where));
        continue;
      }
      if (chosen === "auto") chosen = /"(flow|l4)"\s*:/.test(line) ? "hubble" : "json";
      if (chosen === "json") {
        add(parseGenericJsonLine(line, where));
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        rejected.push({ where, reason: `not JSON: ${(error as Error).message}` });
        continue;
      }
      const record = parseHubbleRecord(value, where);
      if (record.kind === "flow") keep(record.flow);
      else if (record.kind === "reject") rejected.push(record.rejection);
      else skipped[record.reason] = (skipped[record.reason] ?? 0) + 1;
    }
  } catch (error) {
    throw new SourceError(`cannot read flows from ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { flows, records, rejected, skipped };

  function keep(flow: ObservedFlow): void {
    records++;
    const key = flowKey(flow);
    if (seen.has(key)) return;
    seen.add(key);
    flows.push(flow);
  }

  function add(parsed: ObservedFlow | FlowRejection): void {
    if ("reason" in parsed) rejected.push(parsed);
    else keep(parsed);
  }
}
