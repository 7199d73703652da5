import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { describe, expect, it } from "vitest";
import { runSecretlintRules, secretlintRuleIds } from "./secretlint-adapter.ts";

// Fake credentials assembled at run time, so that no scanner sees a token in the repository.
const samples = [
  `AWS_SECRET_ACCESS_KEY=${["wJalrXUtnFEMI", "K7MDENG", "bPxRfiCYFAKEKEYZZZ"].join("/")}`,
  `token: ghp_${"wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx"}`,
  `xoxb-${"1234567890"}-${"1234567890123"}-${"abcdefghijABCDEFGHIJklmn"}`,
  `postgres://admin:${"s3cr3tPassw0rd"}@db.example.com:5432/app`,
  `-----BEGIN RSA ${"PRIVATE"} KEY-----\nMIIEpAIBAAKCAQEA${"q".repeat(200)}\n-----END RSA ${"PRIVATE"} KEY-----`,
  `https://user:${"hunter2pass"}@example.com/`,
  "log_level=debug\nreplicas=3",
  "",
];

async function viaSecretlint(content: string): Promise<string[]> {
  const result = await lintSource({
    source: { content, filePath: "value.txt", ext: ".txt", contentType: "text" },
    options: {
      config: { rules: [{ id: recommended.meta.id, rule: recommended }] },
      noPhysicFilePath: true,
    },
  });
  return result.messages.map((message) => `${message.ruleId} ${message.messageId}`).sort();
}

describe("runSecretlintRules", () => {
  it("runs every scanner rule of the recommended preset except comment filters", () => {
    expect(secretlintRuleIds).toContain("@secretlint/secretlint-rule-aws");
    expect(secretlintRuleIds).toContain("@secretlint/secretlint-rule-privatekey");
    expect(secretlintRuleIds).not.toContain("@secretlint/secretlint-rule-filter-comments");
    expect(secretlintRuleIds.length).toBeGreaterThanOrEqual(20);
  });

  it.each(samples.map((sample, index) => [index, sample] as const))(
    "agrees with secretlint's own async lintSource on sample %i",
    async (_index, sample) => {
      const ours = runSecretlintRules(sample)
        .map((match) => `${match.ruleId} ${match.messageId}`)
        .sort();
      expect(ours).toEqual(await viaSecretlint(sample));
    },
  );

  it("finds something in every credential sample and nothing in the others", () => {
    expect(samples.map((sample) => runSecretlintRules(sample).length > 0)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it("finds the kind of each credential", () => {
    expect(runSecretlintRules(samples[1] ?? "")).toEqual([
      { ruleId: "@secretlint/secretlint-rule-github", messageId: "GITHUB_TOKEN", range: [7, 47] },
    ]);
    expect(runSecretlintRules(samples[6] ?? "")).toEqual([]);
  });

  it("never returns the secret itself", () => {
    for (const sample of samples.slice(0, 6)) {
      const output = JSON.stringify(runSecretlintRules(sample));
      expect(output).not.toContain("FAKEKEYZ");
      expect(output).not.toContain("s3cr3tPassw0rd");
      expect(output).not.toContain("hunter2pass");
      expect(output).not.toContain("wWPw5k4aXcaT4f");
    }
  });
});
