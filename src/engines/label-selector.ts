import { isObject, objectsAt, stringAt, stringMapAt, stringsAt } from "../model/fields.ts";

export const SELECTOR_OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/** A parsed `metav1.LabelSelector`: every requirement must hold (AND). */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly SelectorRequirement[];
}

export type ParsedSelector =
  | { readonly ok: true; readonly selector: LabelSelector }
  | { readonly ok: false; readonly error: string };

export const MATCH_ALL: LabelSelector = { matchLabels: {}, matchExpressions: [] };

/**
 * Parses a LabelSelector from untrusted input. An unknown operator, or In/NotIn without values,
 * is an error: the apiserver rejects such a selector, so we must not guess what it selects.
 */
export function parseLabelSelector(value: unknown): ParsedSelector {
  if (value === undefined || value === null) return { ok: true, selector: MATCH_ALL };
  if (!isObject(value)) return { ok: false, error: "selector is not an object" };
  const matchExpressions: SelectorRequirement[] = [];
  for (const expression of objectsAt(value, "matchExpressions")) {
    const key = stringAt(expression, "key");
    const operator = stringAt(expression, "operator");
    const values = stringsAt(expression, "values");
    if (key === undefined) return { ok: false, error: "matchExpressions entry without a key" };
    if (!isOperator(operator)) {
      return { ok: false, error: `unknown selector operator ${JSON.stringify(operator)}` };
    }
    const needsValues = operator === "In" || operator === "NotIn";
    if (needsValues !== values.length > 0) {
      return {
        ok: false,
        error: `operator ${operator} ${needsValues ? "needs" : "takes no"} values (key ${key})`,
      };
    }
    matchExpressions.push({ key, operator, values });
  }
  return {
    ok: true,
    selector: { matchLabels: stringMapAt(value, "matchLabels"), matchExpressions },
  };
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** Kubernetes label-selector semantics: NotIn and DoesNotExist match a missing key. */
export function matchesSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  return selector.matchExpressions.every((requirement) => matchesRequirement(requirement, labels));
}

function matchesRequirement(
  { key, operator, values }: SelectorRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.hasOwn(labels, key);
  const value = labels[key];
  switch (operator) {
    case "In":
      return has && value !== undefined && values.includes(value);
    case "NotIn":
      return !has || value === undefined || !values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
  }
}

function isOperator(value: string | undefined): value is SelectorOperator {
  return SELECTOR_OPERATORS.some((operator) => operator === value);
}
