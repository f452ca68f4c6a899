// Turns what someone types into the search box into index terms: words of letters, marks and
// digits, lower-cased. Anything else (quotes, operators, punctuation) only separates words, so
// no input can change the shape of the full-text query built from the terms. Pure.

export const MAX_SEARCH_TERMS = 8;
const MAX_TERM_LENGTH = 64;

/** Distinct words in order; a search matches messages containing all of them (the last as a prefix). */
export function searchTerms(query: string): string[] {
  const words = query.normalize("NFKC").toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((word) => word.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_SEARCH_TERMS);
}
