import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { escapeMarkdownCell, escapeXml } from "./escape.ts";

describe("escapeXml", () => {
  it("makes any string safe as XML element content and attribute value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const escaped = escapeXml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(XMLValidator.validate(`<a b="${escaped}">${escaped}</a>`)).toBe(true);
      }),
    );
  });

  it("round-trips text that XML can carry", () => {
    const parser = new XMLParser({
      processEntities: true,
      htmlEntities: true,
      trimValues: false,
      parseTagValue: false,
    });
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }).filter((text) => text.trim() === text && text !== ""),
        (text) => {
          const parsed = parser.parse(`<a>${escapeXml(text)}</a>`) as { a: unknown };
          expect(String(parsed.a)).toBe(text);
        },
      ),
    );
  });

  it("replaces characters XML 1.0 cannot carry, including unpaired surrogates", () => {
    expect(escapeXml("a\u0000b\u001Fc\uD800d\uFFFE")).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFD");
    expect(escapeXml("tab\tnew\nline\r😀")).toBe("tab\tnew\nline\r😀");
  });
});

describe("escapeMarkdownCell", () => {
  it("keeps a cell on one line and its pipes escaped", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cell = escapeMarkdownCell(text);
        expect(cell).not.toMatch(/[\r\n]/);
        // Every pipe is preceded by a backslash that is itself not escaped.
        expect(cell.replaceAll("\\\\", "")).not.toMatch(/(^|[^\\])\|/);
      }),
    );
  });

  it("neutralizes HTML and links", () => {
    expect(escapeMarkdownCell("<img src=x>[a](b)")).toBe("\\<img src=x\\>\\[a\\]\\(b\\)");
  });
});
