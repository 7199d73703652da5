import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { parse } from "yaml";
import { isObject } from "../../model/fields.ts";
import { SourceError, UsageError } from "../../model/errors.ts";
import { EXIT, type CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import { emit } from "../output.ts";
import { formatVerdict, verdictJson } from "./netpol-format.ts";
import { judge } from "./netpol-judge.ts";
import {
  loadNetpol,
  withLoadFlags,
  type EndpointSpec,
  type NetpolLoadOptions,
} from "./netpol-load.ts";

interface Assertion {
  readonly from: EndpointSpec;
  readonly to: EndpointSpec;
  readonly port: string;
  readonly expect: "allow" | "deny";
}

interface VerifyOptions extends NetpolLoadOptions {
  readonly output: "text" | "json";
}

export function verifyCommand(io: CliIo, exit: ExitState): Command {
  return withLoadFlags(
    new Command("verify")
      .description("Check connectivity assertions (YAML or JSON) for CI: exit 1 when one fails")
      .argument(
        "<assertions-file>",
        "`assertions: [{from, to, port, protocol, expect: allow|deny}]`",
      )
      .addOption(
        new Option("-o, --output <format>", "output format")
          .choices(["text", "json"])
          .default("text"),
      ),
  ).action(async (file: string, options: VerifyOptions) => {
    const assertions = parseAssertions(await readText(io, file), file);
    const engine = await loadNetpol(io, options);
    const results = assertions.map((assertion, index) => {
      try {
        const judgement = judge(engine, assertion.from, assertion.to, assertion.port);
        const ok = judgement.allowed === (assertion.expect === "allow");
        return { index, assertion, ok, allowed: judgement.allowed, judgement };
      } catch (error) {
        if (error instanceof UsageError)
          throw new UsageError(`${file}: assertions[${index}]: ${error.message}`, { cause: error });
        throw error;
      }
    });
    const failed = results.filter((result) => !result.ok).length;
    const text =
      options.output === "json"
        ? `${JSON.stringify(
            {
              passed: results.length - failed,
              failed,
              assertions: results.map((r) => ({
                ...r.assertion,
                allowed: r.allowed,
                ok: r.ok,
                verdicts: r.judgement.verdicts.map(verdictJson),
                notes: r.judgement.notes,
              })),
            },
            null,
            2,
          )}\n`
        : [
            ...results.map((r) => {
              const head = `${r.ok ? "ok  " : "FAIL"} expect ${r.assertion.expect}: ${describe(r.assertion.from)} -> ${describe(r.assertion.to)} ${r.assertion.port}`;
              const detail = r.ok
                ? ""
                : [
                    ...r.judgement.verdicts.map(formatVerdict),
                    ...r.judgement.notes.map((n) => `${n}\n`),
                  ]
                    .join("")
                    .replace(/^(?=.)/gm, "    ");
              return `${head}\n${detail}`;
            }),
            `${results.length - failed} passed, ${failed} failed\n`,
          ].join("");
    await emit(io, text, undefined);
    exit.code = failed === 0 ? EXIT.ok : EXIT.findings;
  });
}

function describe(spec: EndpointSpec): string {
  if ("pod" in spec) return spec.pod;
  if ("ip" in spec) return spec.ip;
  if ("node" in spec) return `node/${spec.node}`;
  return `service/${spec.service}`;
}

async function readText(io: CliIo, file: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new SourceError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Validates the assertions file; every problem names the assertion and the field. */
export function parseAssertions(text: string, file: string): Assertion[] {
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new SourceError(
      `${file}: not YAML or JSON: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const list = isObject(document) ? document["assertions"] : undefined;
  if (!Array.isArray(list))
    throw new SourceError(`${file}: expected a top-level "assertions" list`);
  return list.map((item: unknown, index) => {
    const where = `${file}: assertions[${index}]`;
    if (!isObject(item)) throw new SourceError(`${where} is not a mapping`);
    const expectValue = item["expect"];
    if (expectValue !== "allow" && expectValue !== "deny")
      throw new SourceError(`${where}.expect must be allow or deny`);
    const port = item["port"];
    if (typeof port !== "number" && typeof port !== "string")
      throw new SourceError(`${where}.port must be a number or a port name`);
    const protocol = item["protocol"];
    if (protocol !== undefined && typeof protocol !== "string")
      throw new SourceError(`${where}.protocol must be a string`);
    return {
      from: endpointSpec(item["from"], `${where}.from`, false),
      to: endpointSpec(item["to"], `${where}.to`, true),
      port: `${String(port)}/${protocol ?? "TCP"}`,
      expect: expectValue,
    };
  });
}

function endpointSpec(value: unknown, where: string, allowService: boolean): EndpointSpec {
  if (!isObject(value)) throw new SourceError(`${where} must be a mapping like {pod: ns/name}`);
  const keys = Object.keys(value);
  const [key] = keys;
  const text = key === undefined ? undefined : value[key];
  if (keys.length !== 1 || typeof text !== "string")
    throw new SourceError(
      `${where} must have exactly one of pod, ip, node${allowService ? ", service" : ""}`,
    );
  if (key === "pod") return { pod: text };
  if (key === "ip") return { ip: text };
  if (key === "node") return { node: text };
  if (key === "service" && allowService) return { service: text };
  throw new SourceError(`${where}: unknown endpoint "${key ?? ""}"`);
}
