// One conformance test over the whole catalog (STYLE.md): ids unique and equal to file names,
// folder equal to pillar, every control registered and tested, and docs/checks.md current.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Check } from "../../src/checks/check.ts";
import { checks } from "../../src/checks/index.ts";
import { FRAMEWORKS, PILLARS, SEVERITIES } from "../../src/model/check-meta.ts";
import { catalogFormatters } from "../../src/reports/catalog.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const checksDir = join(root, "src/checks");
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/; // lower-case words joined by single hyphens

function isCheck(value: unknown): value is Check {
  return (
    typeof value === "object" &&
    value !== null &&
    "id" in value &&
    "evaluate" in value &&
    typeof (value as { evaluate: unknown }).evaluate === "function"
  );
}

/** Every control file: src/checks/<pillar>/<id>.ts, not tests, not the pillar index. */
function controlFiles(): string[] {
  return PILLARS.flatMap((pillar) => {
    const dir = join(checksDir, pillar);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "index.ts")
      .map((file) => join(dir, file));
  });
}

describe("the control catalog", () => {
  it("has unique, kebab-case ids", () => {
    const ids = checks.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(KEBAB);
  });

  it("keeps each control in <pillar>/<id>.ts, registered, with a test beside it", async () => {
    const registered = new Set(checks);
    const found = new Set<Check>();
    for (const file of controlFiles()) {
      const module = (await import(file)) as Record<string, unknown>;
      const exported = Object.values(module).filter(isCheck);
      // A file that exports no control is a helper; helpers belong in model/ or engines/.
      expect(exported.length, `${file} exports exactly one control`).toBe(1);
      const [check] = exported;
      if (check === undefined) continue;
      found.add(check);
      expect(check.id, file).toBe(basename(file, ".ts"));
      expect(check.pillar, file).toBe(basename(dirname(file)));
      expect(
        registered.has(check),
        `${check.id} is listed in src/checks/${check.pillar}/index.ts`,
      ).toBe(true);
      const test = file.replace(/\.ts$/, ".test.ts");
      expect(existsSync(test), `${check.id} has a test`).toBe(true);
    }
    expect([...registered].filter((check) => !found.has(check)).map((check) => check.id)).toEqual(
      [],
    );
  });

  it("gives every control complete metadata", () => {
    for (const check of checks) {
      expect(PILLARS, check.id).toContain(check.pillar);
      expect(SEVERITIES, check.id).toContain(check.severity);
      expect(check.title.trim(), check.id).not.toBe("");
      expect(check.remediation.trim(), check.id).not.toBe("");
      const mapped = Object.entries(check.frameworks).filter(
        ([, clauses]) => (clauses ?? []).length > 0,
      );
      expect(mapped.length, `${check.id} maps to at least one framework clause`).toBeGreaterThan(0);
      for (const [framework] of mapped) expect(FRAMEWORKS, check.id).toContain(framework);
    }
  });

  it("documents exactly the registered controls in docs/checks.md", () => {
    const docs = readFileSync(join(root, "docs/checks.md"), "utf8");
    expect(docs, "run `npm run docs:checks` to regenerate docs/checks.md").toBe(
      catalogFormatters.markdown(checks),
    );
  });
});
