import type { PillarMaturity, ZtmmStage } from "../model/governance.ts";

// Plain-text sentences about maturity that every human-readable format shares, so the text,
// Markdown and HTML reports say the same thing (docs/maturity.md).

export function stageName(stage: ZtmmStage): string {
  return stage.charAt(0).toUpperCase() + stage.slice(1);
}

/** What keeps a pillar from its next stage: failing controls, then unobserved ones. */
export function blockersText(maturity: PillarMaturity): string {
  if (maturity.next === undefined) return "";
  const parts = [
    ...(maturity.failing.length === 0 ? [] : [`failing: ${maturity.failing.join(", ")}`]),
    ...(maturity.unknown.length === 0 ? [] : [`not observed: ${maturity.unknown.join(", ")}`]),
  ];
  return parts.join("; ");
}

/** `Initial; Advanced blocked by failing: a, b` or `Optimal (highest stage)`. */
export function maturityText(maturity: PillarMaturity): string {
  const stage = stageName(maturity.stage);
  if (maturity.next === undefined) return `${stage} (highest stage)`;
  const blockers = blockersText(maturity);
  // A stage that requires no control Tenet ran is never reached (docs/maturity.md, rule 4).
  return blockers === ""
    ? `${stage}; ${stageName(maturity.next)} not reached: no control it requires ran`
    : `${stage}; ${stageName(maturity.next)} blocked by ${blockers}`;
}
