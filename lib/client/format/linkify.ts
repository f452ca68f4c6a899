// Splits a message body into plain text and web links, for rendering as text nodes and <a>
// elements (never as HTML). Only http and https URLs become links: `javascript:`, `data:` and
// the like stay text. Punctuation that ends a sentence is not part of the link, and a closing
// bracket is only when the link opened one: "(see https://example.com/a_(b))." links
// "https://example.com/a_(b)".

export type TextPart = { type: "text"; text: string } | { type: "link"; text: string; href: string };

/** A scheme at a word start, then everything up to whitespace or a character URLs never contain raw. */
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`{}|\\^]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?*_~]$/u;
const BRACKETS: Record<string, string> = { ")": "(", "]": "[" };

const count = (text: string, character: string) => text.split(character).length - 1;

/** Drops what ends a sentence rather than the URL. */
function trimTrailing(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1) ?? "";
    const opening = BRACKETS[last];
    if (TRAILING_PUNCTUATION.test(url)) url = url.slice(0, -1);
    else if (opening && count(url, last) > count(url, opening)) url = url.slice(0, -1);
    else return url;
  }
}

/** The link's target if the text is a web address with a host, else null. */
function webHref(text: string): string | null {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" ? url.href : null;
  } catch {
    return null;
  }
}

export function linkify(body: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = "";
  let last = 0;
  for (const match of body.matchAll(CANDIDATE)) {
    const text = trimTrailing(match[0]);
    const href = webHref(text);
    if (!href) continue;
    plain += body.slice(last, match.index);
    if (plain) parts.push({ type: "text", text: plain });
    plain = "";
    parts.push({ type: "link", text, href });
    last = match.index + text.length;
  }
  plain += body.slice(last);
  if (plain) parts.push({ type: "text", text: plain });
  return parts;
}
