import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemSpans } from "./item-spans.ts";

const slices = (text: string): unknown[] => {
  const bytes = Buffer.from(text);
  const spans = itemSpans(bytes);
  const items: unknown[] = [];
  for (let index = 0; index < spans.length; index += 2)
    items.push(JSON.parse(bytes.toString("utf8", spans[index], spans[index + 1])));
  return items;
};

/** What JSON.parse takes as the items array, or [] when it is not one. */
const parsedItems = (text: string): unknown[] => {
  const items = (JSON.parse(text) as { items?: unknown }).items;
  return Array.isArray(items) ? items : [];
};

const space = fc.constantFrom("", " ", "\n", "\t", "\r\n", "  ");
const key = fc.oneof(
  fc.constantFrom('"items"', '"it\\u0065ms"', '"kind"', '"items "', '"\\"items"', '"i"'),
  fc.string().map((text) => JSON.stringify(text)),
);

/** JSON text of a value with random whitespace between every token. */
function spaced(value: unknown, pad: () => string): string {
  if (Array.isArray(value))
    return `[${pad()}${value.map((item) => `${pad()}${spaced(item, pad)}${pad()}`).join(",")}${pad()}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([name, item]) => `${pad()}${JSON.stringify(name)}${pad()}:${pad()}${spaced(item, pad)}`)
      .join(",")}${pad()}}`;
  return JSON.stringify(value);
}

describe("itemSpans", () => {
  it("finds each item of an EventList, byte for byte", () => {
    const text = JSON.stringify({
      kind: "EventList",
      apiVersion: "audit.k8s.io/v1",
      metadata: {},
      items: [{ auditID: "a", note: 'quote " and \\ and ]}' }, { auditID: "b" }, 3, "x", null],
    });
    const bytes = Buffer.from(text);
    const spans = itemSpans(bytes);
    expect(bytes.toString("utf8", spans[0], spans[1])).toBe(
      '{"auditID":"a","note":"quote \\" and \\\\ and ]}"}',
    );
    expect(slices(text)).toEqual(parsedItems(text));
  });

  it("agrees with JSON.parse on any object, whitespace, key spelling and duplicate keys", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.oneof(fc.array(fc.jsonValue()), fc.jsonValue())), {
          maxLength: 6,
        }),
        fc.array(space, { minLength: 1 }),
        (members, pads) => {
          let next = 0;
          const pad = (): string => pads[next++ % pads.length] ?? "";
          const text = `${pad()}{${members
            .map(([name, value]) => `${pad()}${name}${pad()}:${pad()}${spaced(value, pad)}${pad()}`)
            .join(",")}}${pad()}`;
          expect(slices(text)).toEqual(parsedItems(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("finds nothing in a document that is not an object or has no items array", () => {
    for (const text of ["[1,2]", "null", '"items"', '{"items":null}', '{"items":{"a":1}}', "{}"])
      expect(itemSpans(Buffer.from(text))).toHaveLength(0);
  });

  it("keeps multi-byte characters inside the spans", () => {
    const text = JSON.stringify({ items: [{ user: "zoë 🚀" }, { user: "名前" }] });
    expect(slices(text)).toEqual([{ user: "zoë 🚀" }, { user: "名前" }]);
  });
});
