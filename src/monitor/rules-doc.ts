import type { RuleMeta } from "../rules/rule.ts";

const escape = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * docs/rules.md from the registry, so that the page cannot drift from the code
 * (test/monitor/rules-doc.test.ts compares them).
 */
export function renderRulesMarkdown(
  rules: readonly RuleMeta[],
  baselines: readonly RuleMeta[],
): string {
  const row = (rule: RuleMeta): string =>
    `| \`${rule.id}\` | ${escape(rule.title)} | ${rule.severity} | ${rule.pillar} | ${rule.techniques
      .map((id) => `[${id}](https://attack.mitre.org/techniques/${id.replace(".", "/")}/)`)
      .join(", ")} | ${escape(rule.remediation)} |`;
  const header =
    "| id | detects | severity | pillar | MITRE ATT&CK | what to do |\n|---|---|---|---|---|---|";
  return `# Detection rules

Generated from \`src/rules/index.ts\` and \`src/monitor/baseline.ts\`; do not edit by hand
(regenerate with \`node test/monitor/write-rules-doc.ts\`).
Each rule is one file in \`src/rules/\`, judged on the first answered stage of each request.

${header}
${rules.map(row).join("\n")}

## Baselines and trusted networks

${header}
${baselines.map(row).join("\n")}
`;
}
