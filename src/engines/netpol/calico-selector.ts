// Calico's selector language: `app == 'web' && has(tier)`, `env in {'a','b'}`, `!has(x)`,
// `all()`, `k starts with 'p'`, parentheses. A missing label makes `!=` and `not in` true.

export type CalicoSelector = (labels: Readonly<Record<string, string>>) => boolean;

// Tokens: quoted strings, operators, punctuation, and bare words (label keys may hold / . -).
const TOKEN = /\s*(?:('[^']*'|"[^"]*")|(==|!=|&&|\|\||[!(){},])|([A-Za-z0-9_./-]+))/y;

export function parseCalicoSelector(text: string): CalicoSelector | string {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) return `unexpected character at ${at} in selector "${text}"`;
    tokens.push(match[1] ?? match[2] ?? match[3] ?? "");
  }
  if (tokens.length === 0) return () => true;
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const next = (): string => tokens[position++] ?? "";
  const expect = (token: string): void => {
    if (next() !== token) throw new Error(`expected "${token}"`);
  };
  const literal = (): string => {
    const token = next();
    if (!/^['"]/.test(token)) throw new Error(`expected a quoted value, got "${token}"`);
    return token.slice(1, -1);
  };
  const set = (): string[] => {
    expect("{");
    const values: string[] = [];
    while (peek() !== "}") {
      values.push(literal());
      if (peek() === ",") next();
    }
    expect("}");
    return values;
  };
  const primary = (): CalicoSelector => {
    const token = next();
    if (token === "(") {
      const inner = or();
      expect(")");
      return inner;
    }
    if (token === "!") {
      const inner = primary();
      return (labels) => !inner(labels);
    }
    if (token === "all" || token === "global") {
      expect("(");
      expect(")");
      return () => true;
    }
    if (token === "has") {
      expect("(");
      const key = next();
      expect(")");
      return (labels) => Object.hasOwn(labels, key);
    }
    const key = token;
    const operator = next();
    const has = (labels: Readonly<Record<string, string>>): boolean => Object.hasOwn(labels, key);
    switch (operator) {
      case "==": {
        const value = literal();
        return (labels) => has(labels) && labels[key] === value;
      }
      case "!=": {
        const value = literal();
        return (labels) => !has(labels) || labels[key] !== value;
      }
      case "in": {
        const values = set();
        return (labels) => has(labels) && values.includes(labels[key] ?? "");
      }
      case "not": {
        expect("in");
        const values = set();
        return (labels) => !has(labels) || !values.includes(labels[key] ?? "");
      }
      case "starts":
      case "ends": {
        expect("with");
        const value = literal();
        return (labels) =>
          has(labels) &&
          (operator === "starts"
            ? (labels[key] ?? "").startsWith(value)
            : (labels[key] ?? "").endsWith(value));
      }
      case "contains": {
        const value = literal();
        return (labels) => has(labels) && (labels[key] ?? "").includes(value);
      }
      default:
        throw new Error(`unknown operator "${operator}" after "${key}"`);
    }
  };
  const and = (): CalicoSelector => {
    const parts = [primary()];
    while (peek() === "&&") {
      next();
      parts.push(primary());
    }
    return (labels) => parts.every((part) => part(labels));
  };
  const or = (): CalicoSelector => {
    const parts = [and()];
    while (peek() === "||") {
      next();
      parts.push(and());
    }
    return (labels) => parts.some((part) => part(labels));
  };
  try {
    const selector = or();
    if (position !== tokens.length)
      return `unexpected "${tokens[position] ?? ""}" in selector "${text}"`;
    return selector;
  } catch (error) {
    return `${error instanceof Error ? error.message : String(error)} in selector "${text}"`;
  }
}
