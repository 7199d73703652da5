import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { SourceError } from "../../model/errors.ts";
import { parseAuditLine, type AuditRejection } from "../audit/parse-batch.ts";
import type { ParsedAuditEvent } from "../audit/parse-event.ts";

/**
 * Reads a JSON-lines audit log (the apiserver's log backend) to the end, line by line: every
 * event handed to `onEvent` (logs run to millions of events: nothing is kept here), every bad
 * line returned with where and why.
 */
export async function readAuditFile(
  path: string,
  onEvent: (event: ParsedAuditEvent) => void,
): Promise<{ events: number; rejected: AuditRejection[] }> {
  const rejected: AuditRejection[] = [];
  let events = 0;
  let lineNumber = 0;
  try {
    const lines = createInterface({
      input: createReadStream(path, { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      lineNumber++;
      const parsed = parseAuditLine(line, `${path}:${lineNumber}`);
      if (parsed === undefined) continue;
      if ("reason" in parsed) rejected.push(parsed);
      else {
        events++;
        onEvent(parsed);
      }
    }
  } catch (error) {
    throw new SourceError(`cannot read the audit log ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { events, rejected };
}
