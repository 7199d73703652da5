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
import { parseHubbleRecord, type HubbleRecord } from "./hubble.ts";

// Past this many line shapes the memory of them starts again: only parsing comes back.
const MAX_SHAPES = 50_000;

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
  // Only what a line reads to whatever its masked members: a rejection names the line.
  const shapes = new Map<string, Exclude<HubbleRecord, { kind: "reject" }>>();
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === "") continue;
      if (chosen === "csv") {
        const where = `${path}:${lineNumber}`;
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
      // A line that differs from an earlier good one only in times, IDs and source ports reads
      // the same: count it again, parse nothing.
      const masked = maskFlowLine(line);
      const known = masked === undefined ? undefined : shapes.get(masked);
      if (known !== undefined) {
        if (known.kind === "flow") records++;
        else skipped[known.reason] = (skipped[known.reason] ?? 0) + 1;
        continue;
      }
      const where = `${path}:${lineNumber}`;
      const record = chosen === "json" ? genericRecord(line, where) : hubbleRecord(line, where);
      if (record.kind === "reject") {
        rejected.push(record.rejection);
        continue;
      }
      if (record.kind === "flow") keep(record.flow);
      else skipped[record.reason] = (skipped[record.reason] ?? 0) + 1;
      if (masked !== undefined) {
        if (shapes.size >= MAX_SHAPES) shapes.clear();
        shapes.set(masked, record);
      }
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

function genericRecord(line: string, where: string): HubbleRecord {
  const parsed = parseGenericJsonLine(line, where);
  return "reason" in parsed
    ? { kind: "reject", rejection: parsed }
    : { kind: "flow", flow: parsed };
}

function hubbleRecord(line: string, where: string): HubbleRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return {
      kind: "reject",
      rejection: { where, reason: `not JSON: ${(error as Error).message}` },
    };
  }
  return parseHubbleRecord(value, where);
}

/**
 * Members no flow parser reads and that change from record to record of one connection: times,
 * Hubble's flow IDs and summaries (strings), and the source port (a number).
 */
const VOLATILE_STRINGS = ['"time":"', '"uuid":"', '"Summary":"'] as const;
const VOLATILE_NUMBERS = ['"source_port":'] as const;

/**
 * The line with those values blanked, or undefined when one cannot be blanked soundly. A blanked
 * string holds no quote, backslash or control character and a blanked number is a plain integer;
 * the quotes around the colon are unescaped, so in valid JSON each is a whole string's content
 * or a whole integer part. A line blanked like an earlier valid one is then valid JSON that
 * differs from it only in members nobody reads: it reads the same.
 */
export function maskFlowLine(line: string): string | undefined {
  const cuts: number[] = [];
  for (const name of VOLATILE_STRINGS) {
    for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
      const start = at + name.length;
      const end = line.indexOf('"', start);
      if (end < 0) return undefined;
      for (let i = start; i < end; i++) {
        const c = line.charCodeAt(i);
        if (c === 92 || c < 32) return undefined;
      }
      cuts.push(start, end);
    }
  }
  for (const name of VOLATILE_NUMBERS) {
    for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
      const start = at + name.length;
      let end = start;
      while (isDigit(line.charCodeAt(end))) end++;
      // "0123" is no JSON number: blanking it would make it one.
      if (end - start > 1 && line.charCodeAt(start) === 48) return undefined;
      if (end > start) cuts.push(start, end);
    }
  }
  if (cuts.length === 0) return line;
  const ranges: [number, number][] = [];
  for (let i = 0; i < cuts.length; i += 2) ranges.push([cuts[i] ?? 0, cuts[i + 1] ?? 0]);
  ranges.sort((x, y) => x[0] - y[0]);
  let masked = "";
  let from = 0;
  for (const [start, end] of ranges) {
    masked += line.slice(from, start);
    from = end;
  }
  return masked + line.slice(from);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
