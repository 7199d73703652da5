import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../test/helpers/temp-dir.ts";
import { maskFlowLine, readFlowFile } from "./read-flows.ts";

const generic = (time: string, port: string, extra = "") =>
  `{"time":"${time}","src_ip":"10.0.0.1","dst_ip":"10.0.0.2","dst_port":${port},"protocol":"TCP"${extra}}`;
const hubble = (time: string, sourcePort: string, reply = "false", verdict = "FORWARDED") =>
  `{"flow":{"time":"${time}","uuid":"u-${time}","verdict":"${verdict}","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":${sourcePort},"destination_port":8080}},"source":{"namespace":"shop","pod_name":"a"},"destination":{"namespace":"shop","pod_name":"b"},"is_reply":${reply},"Summary":"TCP Flags: SYN"}}`;

/** Records of one connection and their near look-alikes, good and bad. */
const genericLines = [
  (t: string) => generic(t, "443"),
  (t: string) => generic(t, "444"),
  (t: string) => generic(t, '"443"'),
  (t: string) => generic(t, "0"),
  (t: string) => generic(t, "443", ',"protocol":"ICMP"'),
  (t: string) => generic(t, "443", ',"protocol":7'),
  (t: string) => generic(t.replace("Z", '\\"'), "443"),
  (t: string) => generic(t, "443").slice(0, 40),
  () => "",
  () => "not json",
];
const hubbleLines = [
  (t: string, p: string) => hubble(t, p),
  (t: string, p: string) => hubble(t, p, "true"),
  (t: string, p: string) => hubble(t, p, "false", "DROPPED"),
  (t: string, p: string) => hubble(t, `0${p}`),
  (t: string, p: string) => hubble(t, p).replace('"destination_port":8080', '"destination_port":0'),
  (t: string, p: string) => hubble(t, p).slice(0, 60),
];
const times = ["2026-11-27T10:00:00Z", "2026-11-27T10:00:01.5Z", "t\u0001"];
const ports = ["40000", "40001", "0"];

async function file(lines: readonly string[]): Promise<string> {
  const path = join(await makeTempDir("tenet-read-flows-"), "flows.jsonl");
  await writeFile(path, lines.join("\n"));
  return path;
}

/** The same lines, each given a member of its own no parser reads: no two look alike. */
function unique(lines: readonly string[]): string[] {
  return lines.map((text, index) =>
    text.startsWith("{") ? `{"tenet_line":${index},${text.slice(1)}` : text,
  );
}

describe("readFlowFile", () => {
  it("reads repeated records as if each were parsed, Hubble and generic alike", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(9), fc.nat(2), fc.nat(2)), { minLength: 1, maxLength: 25 }),
        async (isHubble, picks) => {
          const lines = picks.map(([line, time, port]) =>
            isHubble
              ? hubbleLines[line % hubbleLines.length]!(times[time]!, ports[port]!)
              : genericLines[line]!(times[time]!),
          );
          const format = isHubble ? "hubble" : "json";
          const [read, expected] = await Promise.all([
            file(lines).then((path) => readFlowFile(path, format)),
            file(unique(lines)).then((path) => readFlowFile(path, format)),
          ]);
          const strip = (batch: typeof read) => ({
            ...batch,
            flows: batch.flows.map((flow) => ({ ...flow, where: flow.where.split(":").pop() })),
            rejected: batch.rejected.map((r) => r.where.split(":").pop()),
          });
          expect(strip(read)).toEqual(strip(expected));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("maskFlowLine", () => {
  it("blanks times, IDs and source ports, and nothing a parser reads", () => {
    expect(maskFlowLine(hubble("2026-11-27T10:00:00Z", "40000"))).toBe(
      maskFlowLine(hubble("2026-11-27T11:00:00Z", "51234")),
    );
    expect(maskFlowLine(generic("a", "443"))).not.toBe(maskFlowLine(generic("a", "444")));
  });

  it("refuses what it cannot blank soundly", () => {
    expect(maskFlowLine(generic('a\\"', "443"))).toBeUndefined();
    expect(maskFlowLine(hubble("a", "0123"))).toBeUndefined();
    expect(maskFlowLine('{"time":"unterminated')).toBeUndefined();
  });
});
