// Splits a search result's text around the words searched for, so they can be marked. The
// parts are plain strings for React to render as text: nothing here is ever HTML.

export type HighlightPart = { text: string; match: boolean };

/** The search's words as the server reads them: split on spaces, matched ignoring case. */
export function searchTerms(query: string): string[] {
  return [...new Set(query.trim().toLowerCase().split(/\s+/).filter((term) => term !== ""))];
}

const escape = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `text` cut into matched and unmatched parts, in order; joined back they give `text`. */
export function highlightParts(text: string, query: string): HighlightPart[] {
  // Longest first, so "hello" wins over "hell" where both match.
  const terms = searchTerms(query).sort((a, b) => b.length - a.length);
  if (terms.length === 0 || text === "") return text === "" ? [] : [{ text, match: false }];
  const pattern = new RegExp(`(${terms.map(escape).join("|")})`, "giu");
  const parts: HighlightPart[] = [];
  let last = 0;
  for (const found of text.matchAll(pattern)) {
    const start = found.index;
    if (start > last) parts.push({ text: text.slice(last, start), match: false });
    parts.push({ text: found[0], match: true });
    last = start + found[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}
