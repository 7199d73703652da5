import { rules } from "@secretlint/secretlint-rule-preset-recommend";
import { InternalError } from "../../model/errors.ts";

// secretlint's own API (`lintSource`) is async, but its rules are plain objects whose `file`
// handlers run synchronously on text: the only asynchronous path in the preset (GCP .p12 MAC
// checks) needs a file path and the `.p12` extension, which a text source here never has. So we
// drive the rules directly through a rule context of our own. Their messages interpolate the
// secret, so the translator below never formats them: only the message id comes back.

type RuleCreator = (typeof rules)[number];
type RuleContext = Parameters<RuleCreator["create"]>[0];
type RuleHandler = ReturnType<RuleCreator["create"]>;
type RuleSource = Parameters<NonNullable<RuleHandler["file"]>>[0];
type Translate = ReturnType<RuleContext["createTranslator"]>;

/** A secretlint rule that matched: which rule, which kind of secret, where. Never the secret. */
export interface RuleMatch {
  readonly ruleId: string;
  readonly messageId: string;
  /** Start and end offsets of the match in the scanned text. */
  readonly range: readonly [number, number];
}

// `secretlint-disable` comments: honoured by the CLI, but a credential in a cluster object is
// exposed whatever a comment next to it says, so Tenet does not let the object silence the scan.
const SKIPPED_RULES = new Set(["@secretlint/secretlint-rule-filter-comments"]);

const scanners: readonly RuleCreator[] = rules.filter(
  (rule) =>
    rule.meta.type === "scanner" &&
    !SKIPPED_RULES.has(rule.meta.id) &&
    rule.meta.supportedContentTypes.some((type) => type === "text" || type === "all"),
);

/** The ids of the secretlint rules Tenet runs, for docs and tests. */
export const secretlintRuleIds: readonly string[] = scanners.map((rule) => rule.meta.id);

/** Runs every scanner rule of secretlint's recommended preset over `text`, synchronously. */
export function runSecretlintRules(text: string): readonly RuleMatch[] {
  const source = textSource(text);
  const matches: RuleMatch[] = [];
  for (const rule of scanners) {
    const ruleId = rule.meta.id;
    const translate: Translate = (messageId) => ({
      message: String(messageId),
      messageId: String(messageId),
      data: undefined,
    });
    const context: RuleContext = {
      sharedOptions: {},
      // The translator is generic over each rule's message table; ours ignores the table.
      createTranslator: (() => translate) as RuleContext["createTranslator"],
      report: (descriptor) =>
        matches.push({
          ruleId,
          messageId: descriptor.message.messageId,
          range: [descriptor.range[0], descriptor.range[1]],
        }),
      ignore: () => undefined,
    };
    const returned = rule.create(context, {}).file?.(source);
    if (returned !== undefined) {
      // A rule turned asynchronous: its verdict would be lost, so refuse rather than guess.
      returned.catch(() => undefined);
      throw new InternalError(`secretlint rule ${ruleId} ran asynchronously on a text source`);
    }
  }
  return matches;
}

function textSource(content: string): RuleSource {
  const lineStarts = [0];
  for (let index = 0; index < content.length; index++) {
    if (content[index] === "\n") lineStarts.push(index + 1);
  }
  const indexToPosition = (index: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? Infinity) <= index) line++;
    return { line: line + 1, column: index - (lineStarts[line] ?? 0) };
  };
  const positionToIndex = (position: { line: number; column: number }) =>
    (lineStarts[position.line - 1] ?? content.length) + position.column;
  return {
    hasBOM: false,
    content,
    filePath: undefined,
    physicalFilePath: undefined,
    contentType: "text",
    ext: "",
    getFilePath: () => undefined,
    getPhysicalFilePath: () => undefined,
    indexToPosition,
    positionToIndex,
    locationToRange: (location) => [positionToIndex(location.start), positionToIndex(location.end)],
    rangeToLocation: (range) => ({
      start: indexToPosition(range[0]),
      end: indexToPosition(range[1]),
    }),
  };
}
