import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../test/helpers/temp-dir.ts";
import { parseAuditLine } from "../audit/parse-batch.ts";
import { readAuditRequests, type AuditRequestFields, type TimeWindow } from "./read-audit.ts";

const base = {
  kind: "Event",
  apiVersion: "audit.k8s.io/v1",
  level: "Metadata",
  auditID: "a-1",
  stage: "ResponseComplete",
  requestURI: "/api/v1/namespaces/shop/configmaps/app",
  verb: "get",
  user: { username: "system:serviceaccount:shop:api", groups: ["system:serviceaccounts"] },
  sourceIPs: ["10.0.0.1"],
  objectRef: { resource: "configmaps", namespace: "shop", name: "app", apiVersion: "v1" },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: "2026-11-27T10:00:00.000001Z",
  stageTimestamp: "2026-11-27T10:00:00.000002Z",
};

/**
 * Lines that look alike but are not all the same request, or not all good: what the masking of
 * IDs and times must tell apart from a repeat.
 */
const variants: readonly ((id: number, at: string) => string)[] = [
  (id, at) => JSON.stringify({ ...base, auditID: `a-${id}`, stageTimestamp: at }),
  (id, at) => JSON.stringify({ ...base, auditID: `a-${id}`, stageTimestamp: at, verb: "list" }),
  (id, at) => JSON.stringify({ ...base, auditID: `a-${id}`, stageTimestamp: at, stage: "Panic" }),
  (_, at) => JSON.stringify({ ...base, auditID: "", stageTimestamp: at }),
  (id) => JSON.stringify({ ...base, auditID: `a-${id}`, stageTimestamp: "not a time" }),
  (id, at) => JSON.stringify({ ...base, auditID: `a\\"${id}`, stageTimestamp: at }),
  (id, at) =>
    JSON.stringify({ ...base, auditID: `a-${id}`, stageTimestamp: at }, null, 1).replace(
      /\n/g,
      " ",
    ),
  (id, at) => JSON.stringify({ ...base, auditID: `a-${id}`, stageTimestamp: at }).slice(0, 200),
  (id, at) =>
    JSON.stringify({
      ...base,
      auditID: `a-${id}`,
      stageTimestamp: at,
      requestObject: { auditID: "nested", stageTimestamp: "2020-01-01T00:00:00Z" },
    }),
  // The event's own members after a body's of the same name.
  (id, at) =>
    JSON.stringify({
      requestObject: { auditID: "nested", stageTimestamp: "2020-01-01T00:00:00Z" },
      ...base,
      auditID: `a-${id}`,
      stageTimestamp: at,
    }),
  // The event's own members spaced, a body's compact: only the body's look maskable.
  (_, at) =>
    JSON.stringify({
      ...base,
      stageTimestamp: at,
      requestObject: { auditID: "nested", stageTimestamp: "2020-01-01T00:00:00Z" },
    })
      .replace(`"auditID":"a-1"`, `"auditID": "a-1"`)
      .replace(`"stageTimestamp":"${at}"`, `"stageTimestamp": "${at}"`),
  (id, at) => JSON.stringify({ ...base, auditID: `a-${id}`, stageTimestamp: at, apiVersion: "v2" }),
  (id, at) =>
    JSON.stringify({ ...base, auditID: `a-${id}`, stageTimestamp: at }).replace(
      '"requestReceivedTimestamp":"2026-11-27T10:00:00.000001Z",',
      "",
    ),
  () => "",
  () => "garbage",
];

const times = ["2026-11-27T09:59:59Z", "2026-11-27T10:00:00.5Z", "2026-11-27T11:00:00.000001Z"];

/** What the full parser says of each line, one by one. */
function expected(lines: readonly string[], window: TimeWindow) {
  const fields = new Set<string>();
  const rejected: { where: string; reason: string }[] = [];
  let events = 0;
  lines.forEach((text, index) => {
    const parsed = parseAuditLine(text, `audit.log:${index + 1}`);
    if (parsed === undefined) return;
    if ("reason" in parsed) {
      rejected.push(parsed);
      return;
    }
    const at = Date.parse(parsed.stageTimestamp);
    if (at < (window.since?.getTime() ?? -Infinity) || at >= (window.until?.getTime() ?? Infinity))
      return;
    events++;
    fields.add(key(parsed));
  });
  return { events, rejected, fields };
}

function key(fields: AuditRequestFields): string {
  const { stage, verb, requestURI, user, impersonatedUser, objectRef, responseCode, annotations } =
    fields;
  return JSON.stringify([
    stage,
    verb,
    requestURI,
    user,
    impersonatedUser,
    objectRef,
    responseCode,
    annotations,
  ]);
}

async function read(lines: readonly string[], window: TimeWindow) {
  const dir = await makeTempDir("tenet-read-audit-");
  const path = join(dir, "audit.log");
  await writeFile(path, lines.join("\n"));
  const fields = new Set<string>();
  const result = await readAuditRequests(path, (event) => fields.add(key(event)), window);
  const rejected = result.rejected.map((r) => ({
    ...r,
    where: r.where.replace(path, "audit.log"),
  }));
  return { events: result.events, rejected, fields };
}

describe("readAuditRequests", () => {
  it("hands on what the full parser reads, line by line, whatever the mix", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(variants.length - 1), fc.nat(times.length - 1)), {
          maxLength: 30,
        }),
        fc.option(fc.constantFrom(...times), { nil: undefined }),
        fc.option(fc.constantFrom(...times), { nil: undefined }),
        async (picks, since, until) => {
          const lines = picks.map(([variant, time], id) =>
            (variants[variant] ?? variants[0])!(id, times[time] ?? ""),
          );
          const window: TimeWindow = {
            ...(since === undefined ? {} : { since: new Date(since) }),
            ...(until === undefined ? {} : { until: new Date(until) }),
          };
          expect(await read(lines, window)).toEqual(expected(lines, window));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("judges the window by the event's own time when only a body's looks maskable", async () => {
    const spaced = variants.find((variant) =>
      /"auditID": "a-1".*"auditID":"nested"/.test(variant(0, times[1] ?? "")),
    );
    const lines = [1, 2, 3].map(() => spaced?.(0, times[1] ?? "") ?? "");
    const window = { since: new Date(times[0] ?? "") };
    expect(await read(lines, window)).toEqual(expected(lines, window));
    expect((await read(lines, window)).events).toBe(3);
  });

  it("does not remember a line whose body repeats the event's ID and time", async () => {
    // The body's members come first and, in the first line, equal the event's own.
    const line = (bodyTime: string) =>
      JSON.stringify({
        requestObject: { auditID: "a-1", stageTimestamp: bodyTime },
        ...base,
        stageTimestamp: times[1],
      });
    const lines = [line(times[1] ?? ""), line(times[0] ?? ""), line(times[2] ?? "")];
    const window = { since: new Date(times[1] ?? "") };
    expect(await read(lines, window)).toEqual(expected(lines, window));
  });

  it("hands a repeated request on once", async () => {
    const lines = [0, 1, 2, 3].map((id) => variants[0]!(id, times[id % 3] ?? ""));
    const handed: AuditRequestFields[] = [];
    const dir = await makeTempDir("tenet-read-audit-");
    await writeFile(join(dir, "audit.log"), lines.join("\n"));
    const result = await readAuditRequests(join(dir, "audit.log"), (event) => handed.push(event));
    expect(result.events).toBe(4);
    expect(handed).toHaveLength(1);
  });
});
