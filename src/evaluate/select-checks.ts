import type { Check } from "../checks/check.ts";
import { UsageError } from "../model/errors.ts";
import type { Pillar } from "../model/check-meta.ts";

export interface CheckSelection {
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly pillars?: readonly Pillar[];
}

/** Narrows the catalog to what the user asked for; an unknown id is a usage error, not a no-op. */
export function selectChecks(all: readonly Check[], selection: CheckSelection): readonly Check[] {
  const known = new Set(all.map((check) => check.id));
  const unknown = [...(selection.only ?? []), ...(selection.skip ?? [])].filter(
    (id) => !known.has(id),
  );
  if (unknown.length > 0) {
    throw new UsageError(`unknown control id: ${unknown.join(", ")} (see \`tenet checks list\`)`);
  }
  return all.filter(
    (check) =>
      (selection.only === undefined || selection.only.includes(check.id)) &&
      !(selection.skip ?? []).includes(check.id) &&
      (selection.pillars === undefined || selection.pillars.includes(check.pillar)),
  );
}
