// Escaping for the markup languages the formats write. Every value that came from the input
// (names, messages, paths) goes through one of these: a manifest is untrusted input.

// Characters XML 1.0 forbids outright (C0 controls except tab, newline and carriage return, lone
// surrogates, U+FFFE and U+FFFF); escaping cannot make them legal, so they become U+FFFD. With
// the `u` flag a surrogate range matches only unpaired halves.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Escapes text for XML and HTML element content and quoted attribute values alike. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that could
// start emphasis, code, links, HTML, an entity or (in GitHub tables) end a cell.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]<>()#+!|~&]/g;

/** One table cell of GitHub-flavored Markdown: markup neutralized, on one line. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (char) => `\\${char}`).replace(/\r?\n|\r/g, " ");
}
