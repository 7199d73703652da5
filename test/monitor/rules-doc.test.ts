import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { BASELINE_DETECTIONS } from "../../src/monitor/baseline.ts";
import { renderRulesMarkdown } from "../../src/monitor/rules-doc.ts";
import { rules } from "../../src/rules/index.ts";

describe("docs/rules.md", () => {
  it("matches the rule registry (regenerate: node test/monitor/write-rules-doc.ts)", async () => {
    const page = readFileSync(join(import.meta.dirname, "../../docs/rules.md"), "utf8");
    expect(page).toBe(
      await format(renderRulesMarkdown(rules, Object.values(BASELINE_DETECTIONS)), {
        parser: "markdown",
      }),
    );
    for (const rule of rules) expect(page).toMatch(new RegExp(`^\\| \`${rule.id}\` +\\|`, "m"));
  });
});
