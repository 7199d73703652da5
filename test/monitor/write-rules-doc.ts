// Writes docs/rules.md from the registry: `node test/monitor/write-rules-doc.ts`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { BASELINE_DETECTIONS } from "../../src/monitor/baseline.ts";
import { renderRulesMarkdown } from "../../src/monitor/rules-doc.ts";
import { rules } from "../../src/rules/index.ts";

writeFileSync(
  join(import.meta.dirname, "../../docs/rules.md"),
  await format(renderRulesMarkdown(rules, Object.values(BASELINE_DETECTIONS)), {
    parser: "markdown",
  }),
);
