import { Command, Option } from "commander";
import {
  formatConns,
  isEmptyConns,
  NO_CONNS,
  subtractConns,
  type ConnSet,
} from "../../engines/netpol/conn-set.ts";
import { endpointName } from "../../engines/netpol/model.ts";
import type { CliIo } from "../io.ts";
import { emit } from "../output.ts";
import { connectionPairs } from "./netpol-matrix.ts";
import { loadNetpolFrom, withLoadFlags, type NetpolLoadOptions } from "./netpol-load.ts";

interface DiffOptions extends Omit<NetpolLoadOptions, "filename"> {
  readonly output: "text" | "json";
}

interface Change {
  readonly change: "added" | "removed";
  readonly src: string;
  readonly dst: string;
  readonly conn: string;
}

export function diffCommand(io: CliIo): Command {
  const command = withLoadFlags(
    new Command("diff")
      .description("The connections added and removed between two sets of manifests")
      .argument("<before>", "manifests before (file, directory or -)")
      .argument("<after>", "manifests after (file, directory or -)")
      .addOption(
        new Option("-o, --output <format>", "output format")
          .choices(["text", "json"])
          .default("text"),
      ),
  );
  return command.action(async (before: string, after: string, options: DiffOptions) => {
    const load = { ...options, filename: [] };
    const old = connections((await loadNetpolFrom(io, [before], load)).engine);
    const now = connections((await loadNetpolFrom(io, [after], load)).engine);
    const changes: Change[] = [];
    for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
      const [src = "", dst = ""] = key.split("\u0000");
      const was = old.get(key) ?? NO_CONNS;
      const is = now.get(key) ?? NO_CONNS;
      const added = subtractConns(is, was);
      const removed = subtractConns(was, is);
      if (!isEmptyConns(added))
        changes.push({ change: "added", src, dst, conn: formatConns(added) });
      if (!isEmptyConns(removed))
        changes.push({ change: "removed", src, dst, conn: formatConns(removed) });
    }
    const text =
      options.output === "json"
        ? `${JSON.stringify(changes, null, 2)}\n`
        : changes.length === 0
          ? "no connection added or removed\n"
          : changes
              .map((c) => `${c.change === "added" ? "+" : "-"} ${c.src} => ${c.dst} : ${c.conn}\n`)
              .join("");
    await emit(io, text, undefined);
  });
}

function connections(engine: Parameters<typeof connectionPairs>[0]): Map<string, ConnSet> {
  const map = new Map<string, ConnSet>();
  for (const pair of connectionPairs(engine)) {
    if (!isEmptyConns(pair.conns)) {
      map.set(`${endpointName(pair.from)}\u0000${endpointName(pair.to)}`, pair.conns);
    }
  }
  return map;
}
