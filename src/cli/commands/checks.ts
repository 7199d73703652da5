import { Command, Option } from "commander";
import { checks } from "../../checks/index.ts";
import { catalogFormatters, type CatalogFormat } from "../../reports/catalog.ts";
import type { CliIo } from "../io.ts";
import { emit } from "../output.ts";

const formats = Object.keys(catalogFormatters) as CatalogFormat[];

export function checksCommand(io: CliIo): Command {
  const command = new Command("checks").description("The zero-trust control catalog");
  command
    .command("list")
    .description("List every control with its pillar, severity and framework clauses")
    .addOption(
      new Option("-o, --output <format>", "output format").choices(formats).default("text"),
    )
    .option("--output-file <path>", "write to a file instead of stdout")
    .action(async (options: { output: CatalogFormat; outputFile?: string }) => {
      await emit(io, catalogFormatters[options.output](checks), options.outputFile);
    });
  return command;
}
