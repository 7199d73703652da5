import { Command, Option } from "commander";
import {
  formatConns,
  isEmptyConns,
  NO_CONNS,
  type ConnSet,
} from "../../engines/netpol/conn-set.ts";
import type { NetpolEngine } from "../../engines/netpol/engine.ts";
import { endpointName, type PodEndpoint } from "../../engines/netpol/model.ts";
import type { CliIo } from "../io.ts";
import { emit } from "../output.ts";
import { loadNetpol, withLoadFlags, type NetpolLoadOptions } from "./netpol-load.ts";

/** One allowed connection of the matrix. */
export interface MatrixRow {
  readonly src: string;
  readonly dst: string;
  readonly conn: string;
}

const escapeCsv = (text: string): string =>
  /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

export const matrixFormatters = {
  text: (rows: readonly MatrixRow[]) =>
    rows.map((r) => `${r.src} => ${r.dst} : ${r.conn}\n`).join(""),
  csv: (rows: readonly MatrixRow[]) =>
    [
      "src,dst,conn\n",
      ...rows.map((r) => `${escapeCsv(r.src)},${escapeCsv(r.dst)},${escapeCsv(r.conn)}\n`),
    ].join(""),
  markdown: (rows: readonly MatrixRow[]) =>
    [
      "| src | dst | conn |\n|---|---|---|\n",
      ...rows.map((r) => `| ${r.src} | ${r.dst} | ${r.conn} |\n`),
    ].join(""),
  dot: (rows: readonly MatrixRow[]) =>
    [
      "digraph netpol {\n",
      ...rows.map(
        (r) =>
          `  ${JSON.stringify(r.src)} -> ${JSON.stringify(r.dst)} [label=${JSON.stringify(r.conn)}];\n`,
      ),
      "}\n",
    ].join(""),
  json: (rows: readonly MatrixRow[]) => `${JSON.stringify(rows, null, 2)}\n`,
} as const;
type MatrixFormat = keyof typeof matrixFormatters;
const formats = Object.keys(matrixFormatters) as MatrixFormat[];

/**
 * The allowed pairs (some connection) whose source or destination passes `keep`, with their
 * connection sets; the self pair of a bare Pod is left out. Empty pairs are never collected:
 * at 10k pods they are 100M, the allowed ones a few tens of thousands.
 */
export function connectionPairs(
  engine: NetpolEngine,
  keep: (pod: PodEndpoint) => boolean = () => true,
): { from: PodEndpoint; to: PodEndpoint; conns: ConnSet }[] {
  const { classOf } = engine.classIndex;
  const kept = engine.pods.map((pod) => keep(pod));
  const out: { from: PodEndpoint; to: PodEndpoint; conns: ConnSet }[] = [];
  // Replicas of a class usually follow each other: their row is computed once.
  let rowClass = -1;
  let row: readonly ConnSet[] = [];
  for (const from of engine.pods) {
    const fromKept = kept[from.index] === true;
    const fromClass = classOf[from.index] ?? -1;
    if (fromClass !== rowClass) {
      row = engine.classRow(fromClass);
      rowClass = fromClass;
    }
    for (const to of engine.pods) {
      if ((from === to && from.isBarePod) || !(fromKept || kept[to.index] === true)) continue;
      const conns = row[classOf[to.index] ?? -1] ?? NO_CONNS;
      if (!isEmptyConns(conns)) out.push({ from, to, conns });
    }
  }
  return out;
}

interface MatrixOptions extends NetpolLoadOptions {
  readonly namespace?: string;
  readonly workload?: string;
  readonly output: MatrixFormat;
  readonly outputFile?: string;
}

export function matrixCommand(io: CliIo): Command {
  return withLoadFlags(
    new Command("matrix")
      .description(
        "Every allowed connection between pods (a workload's template stands for its replicas)",
      )
      .option("-n, --namespace <name>", "only connections from or to this namespace")
      .option(
        "--workload <name>",
        "only connections from or to this pod or workload (name or ns/name)",
      )
      .addOption(
        new Option("-o, --output <format>", "output format").choices(formats).default("text"),
      )
      .option("--output-file <path>", "write to a file instead of stdout"),
  ).action(async (options: MatrixOptions) => {
    const engine = await loadNetpol(io, options);
    const keep = (pod: PodEndpoint): boolean =>
      (options.namespace === undefined || pod.namespace === options.namespace) &&
      (options.workload === undefined ||
        pod.name === options.workload ||
        endpointName(pod) === options.workload);
    const rows = connectionPairs(engine, keep).map((pair) => ({
      src: endpointName(pair.from),
      dst: endpointName(pair.to),
      conn: formatConns(pair.conns),
    }));
    await emit(io, matrixFormatters[options.output](rows), options.outputFile);
  });
}
