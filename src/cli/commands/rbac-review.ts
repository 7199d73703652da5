import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { stringify } from "yaml";
import type { RbacEngine } from "../../engines/rbac/index.ts";
import { answeredReview, parseSubjectAccessReview } from "../../engines/rbac/review.ts";
import { isObject, type JsonObject } from "../../model/fields.ts";
import { SourceError } from "../../model/errors.ts";
import { jsonDocument } from "../../sources/json-document.ts";
import { limitsOf } from "../../sources/load-options.ts";
import { yamlDocuments } from "../../sources/yaml-documents.ts";
import type { CliIo } from "../io.ts";

export interface ReviewRun {
  readonly text: string;
  /** Reviews that could not be answered (invalid), each reported on stderr. */
  readonly invalid: number;
}

/** Reads SubjectAccessReviews (YAML documents, a JSON array or a List) and answers each. */
export async function runReviews(
  io: CliIo,
  engine: RbacEngine,
  file: string,
  format: "json" | "yaml",
): Promise<ReviewRun> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new SourceError(`${file}: cannot read the reviews file`, { cause: error });
  }
  const limits = limitsOf();
  const first = /\S/.exec(text)?.[0];
  const parsed =
    (first === "{" || first === "[" ? jsonDocument(text, file, limits) : undefined) ??
    yamlDocuments(text, file, limits);
  for (const diagnostic of parsed.diagnostics) {
    io.stderr.write(`${file}:${diagnostic.line ?? "?"}: ${diagnostic.message}\n`);
  }
  if (
    parsed.diagnostics.some((diagnostic) => diagnostic.severity === "error") &&
    parsed.documents.length === 0
  ) {
    throw new SourceError(`${file}: no SubjectAccessReview could be read`);
  }
  const answers: JsonObject[] = [];
  let invalid = 0;
  for (const document of parsed.documents) {
    const items = itemsOf(document.value);
    items.forEach((item, index) => {
      const line = (document.itemPosition(index) ?? document.position).line;
      const review = parseSubjectAccessReview(item);
      if (!review.ok || !isObject(item)) {
        invalid++;
        io.stderr.write(`${file}:${line}: ${review.ok ? "not an object" : review.error}\n`);
        return;
      }
      answers.push(answeredReview(item, engine.can(review.user, review.request)));
    });
  }
  const out =
    format === "json"
      ? `${JSON.stringify(answers, null, 2)}\n`
      : answers.map((answer) => stringify(answer)).join("---\n");
  return { text: out, invalid };
}

function itemsOf(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value) && typeof value["kind"] === "string" && value["kind"].endsWith("List")) {
    const items = value["items"];
    return Array.isArray(items) ? items : [];
  }
  return [value];
}
