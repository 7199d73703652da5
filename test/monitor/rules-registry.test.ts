import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FRAMEWORKS, PILLARS, SEVERITIES } from "../../src/model/check-meta.ts";
import { rules } from "../../src/rules/index.ts";

const folder = join(import.meta.dirname, "../../src/rules");
const API_FILES = new Set(["index.ts", "rule.ts", "audit-event.ts"]);
const ruleFiles = readdirSync(folder)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !API_FILES.has(file))
  .map((file) => file.slice(0, -3))
  .sort();

describe("detection rule registry", () => {
  it("lists every rule file once, ids equal to file names", () => {
    expect(rules.map((rule) => rule.id).sort()).toEqual(ruleFiles);
    expect(ruleFiles.length).toBeGreaterThanOrEqual(25);
  });

  it("gives every rule a test beside it", () => {
    const missing = ruleFiles.filter((id) => !readdirSync(folder).includes(`${id}.test.ts`));
    expect(missing).toEqual([]);
  });

  it("carries complete metadata with MITRE ATT&CK technique ids", () => {
    for (const rule of rules) {
      expect(PILLARS, rule.id).toContain(rule.pillar);
      expect(SEVERITIES, rule.id).toContain(rule.severity);
      expect(rule.techniques.length, rule.id).toBeGreaterThan(0);
      for (const technique of rule.techniques)
        expect(technique, rule.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      for (const framework of Object.keys(rule.frameworks))
        expect(FRAMEWORKS, rule.id).toContain(framework);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(20);
      expect(rule.title, rule.id).not.toMatch(/\.$/);
    }
  });

  it("keeps rules apart: a rule imports model/ and the authoring API only", () => {
    for (const id of ruleFiles) {
      const source = readFileSync(join(folder, `${id}.ts`), "utf8");
      const imports = [...source.matchAll(/from "([^"]+)"/g)].map((match) => match[1] ?? "");
      for (const path of imports)
        expect(path, id).toMatch(/^(\.\.\/model\/[a-z-]+\.ts|\.\/rule\.ts|\.\/audit-event\.ts)$/);
    }
  });
});
