import { describe, expect, it } from "vitest";
import { CREDENTIAL_NAME_RULE, detectCredentials, isCredentialName } from "./detect-credentials.ts";

// Assembled at run time so that no scanner sees a token in the repository. Not real.
const awsSecret = ["wJalrXUtnFEMI", "K7MDENG", "bPxRfiCYFAKEKEYZZZ"].join("/");
const githubToken = `ghp_${"wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx"}`;

describe("detectCredentials", () => {
  it("finds a token by its pattern whatever the key is called", () => {
    expect(detectCredentials([{ key: "notes", value: `use ${githubToken} for CI` }])).toEqual([
      { index: 0, key: "notes", rule: "@secretlint/secretlint-rule-github", kind: "GITHUB_TOKEN" },
    ]);
  });

  it("lets a rule keyed on the variable name see the name", () => {
    const findings = detectCredentials([{ key: "AWS_SECRET_ACCESS_KEY", value: awsSecret }]);
    expect(findings).toContainEqual({
      index: 0,
      key: "AWS_SECRET_ACCESS_KEY",
      rule: "@secretlint/secretlint-rule-aws",
      kind: "AWSSecretAccessKey",
    });
  });

  it("flags a literal under a credential name, not references or placeholders", () => {
    const findings = detectCredentials([
      { key: "DB_PASSWORD", value: "hunter2" },
      { key: "API_TOKEN", value: "$(TOKEN_FROM_SECRET)" },
      { key: "clientSecret", value: "${CLIENT_SECRET}" },
      { key: "ADMIN_PASSWORD", value: "" },
      { key: "PRIVATE_KEY", value: "/etc/keys/tls.key" },
      { key: "SIGNING_KEY", value: "<set me>" },
    ]);
    expect(findings).toEqual([
      { index: 0, key: "DB_PASSWORD", rule: CREDENTIAL_NAME_RULE, kind: "CredentialNamedValue" },
    ]);
  });

  it("never carries a value", () => {
    const findings = detectCredentials([
      { key: "DB_PASSWORD", value: "hunter2" },
      { key: "AWS_SECRET_ACCESS_KEY", value: awsSecret },
      { key: "ci", value: githubToken },
    ]);
    expect(findings).toHaveLength(4);
    const text = JSON.stringify(findings);
    for (const value of ["hunter2", awsSecret, githubToken]) expect(text).not.toContain(value);
  });

  it("returns nothing for ordinary configuration", () => {
    expect(
      detectCredentials([
        { key: "LOG_LEVEL", value: "debug" },
        { key: "TOKEN_TTL", value: "3600" },
      ]),
    ).toEqual([]);
  });
});

describe("isCredentialName", () => {
  it.each([
    ["DB_PASSWORD", true],
    ["githubToken", true],
    ["client-secret", true],
    ["STRIPE_API_KEY", true],
    ["apiKey", true],
    ["redis.passwd", true],
    ["CACHE_KEY", false],
    ["TOKEN_TTL", false],
    ["PASSWORD_FILE", false],
    ["SECRET_NAME", false],
    ["", false],
  ])("%s -> %s", (name, expected) => {
    expect(isCredentialName(name)).toBe(expected);
  });
});

describe("detectCredentials over many entries", () => {
  it("gives each match back to the entry it starts in", () => {
    const findings = detectCredentials([
      { key: "A", value: "plain" },
      { key: "B", value: `first line\nthen ${githubToken}` },
      { key: "C", value: "plain" },
      { key: "D", value: githubToken },
    ]);
    expect(findings.map((finding) => [finding.index, finding.key])).toEqual([
      [1, "B"],
      [3, "D"],
    ]);
  });

  it("returns nothing for no entries", () => {
    expect(detectCredentials([])).toEqual([]);
  });
});
