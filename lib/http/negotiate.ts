// Content negotiation (RFC 9110 §12.5.1): picks the best of the offered media types for an
// Accept header, or says why none fits. Pure.

export type Negotiated = { type: string } | { error: "malformed" | "not_acceptable" };

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/;

type Range = { type: string; subtype: string; q: number; index: number };

function parseAccept(header: string): Range[] | null {
  const ranges: Range[] = [];
  const parts = header.split(",").map((part) => part.trim()).filter((part) => part.length > 0);
  for (const [index, part] of parts.entries()) {
    const [mediaRange, ...params] = part.split(";").map((piece) => piece.trim());
    const [type, subtype, extra] = (mediaRange ?? "").split("/");
    if (!type || !subtype || extra !== undefined || !TOKEN.test(type) || !TOKEN.test(subtype)) return null;
    if (type === "*" && subtype !== "*") return null;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split("=").map((piece) => piece?.trim());
      if (!name || value === undefined || !TOKEN.test(name)) return null;
      if (name.toLowerCase() === "q") {
        if (!QVALUE.test(value)) return null;
        q = Number(value);
      }
    }
    ranges.push({ type: type.toLowerCase(), subtype: subtype.toLowerCase(), q, index });
  }
  return ranges;
}

/** Higher is more specific: exact type beats type/* beats *\/*. */
function specificity(range: Range, offered: string): number {
  const [type, subtype] = offered.split("/");
  if (range.type === type && range.subtype === subtype) return 3;
  if (range.type === type && range.subtype === "*") return 2;
  if (range.type === "*") return 1;
  return 0;
}

/** The offered type to send. A missing or empty header accepts the first offer. */
export function negotiate(accept: string | null, offered: readonly string[]): Negotiated {
  if (accept === null || accept.trim() === "") return { type: offered[0]! };
  const ranges = parseAccept(accept);
  if (!ranges) return { error: "malformed" };
  let best: { type: string; q: number; specificity: number; order: number } | null = null;
  for (const [order, type] of offered.entries()) {
    // The most specific range that matches decides the quality of this type.
    let match: { q: number; specificity: number } | null = null;
    for (const range of ranges) {
      const level = specificity(range, type);
      if (level > 0 && (!match || level > match.specificity)) match = { q: range.q, specificity: level };
    }
    if (!match || match.q === 0) continue;
    if (!best || match.q > best.q || (match.q === best.q && match.specificity > best.specificity)) {
      best = { type, q: match.q, specificity: match.specificity, order };
    }
  }
  return best ? { type: best.type } : { error: "not_acceptable" };
}
