import type { Check } from "../checks/check.ts";
import { createEngines } from "../engines/index.ts";
import type { FrameworkId } from "../model/check-meta.ts";
import type { Diagnostic } from "../model/diagnostic.ts";
import { buildInventory, type LoadedObject } from "../model/inventory.ts";
import type { ScanReport } from "../model/report.ts";
import { buildReport } from "./build-report.ts";
import type { ExceptionEntry } from "./exceptions.ts";
import { runChecks } from "./run-checks.ts";

export interface AssessInput {
  readonly objects: readonly LoadedObject[];
  readonly diagnostics: readonly Diagnostic[];
  readonly files: number;
  readonly sources: readonly string[];
  readonly checks: readonly Check[];
  readonly exceptions: readonly ExceptionEntry[];
  readonly now: Date;
  readonly tool: { readonly name: string; readonly version: string };
  readonly defaultNamespace?: string;
  readonly framework?: FrameworkId;
  /** Kinds the source could not read; controls that need them skip. */
  readonly unobservedKinds?: readonly string[];
}

/** The assess plane as one pure function: loaded objects in, the scored report out. */
export function assess(input: AssessInput): ScanReport {
  const { inventory, diagnostics } = buildInventory(input.objects, {
    ...(input.defaultNamespace === undefined ? {} : { defaultNamespace: input.defaultNamespace }),
    ...(input.unobservedKinds === undefined ? {} : { unobservedKinds: input.unobservedKinds }),
  });
  const context = { inventory, engines: createEngines(inventory), now: input.now };
  return buildReport({
    checks: input.checks,
    results: runChecks(input.checks, context),
    inventory,
    diagnostics: [...input.diagnostics, ...diagnostics],
    exceptions: input.exceptions,
    files: input.files,
    sources: input.sources,
    now: input.now,
    tool: input.tool,
    ...(input.framework === undefined ? {} : { framework: input.framework }),
  });
}
