// A Message Archive Management query (XEP-0313 v2) as a plain, validated object: the data form's
// `with`, `start` and `end`, and result set management's `max`, `after` and `before`
// (XEP-0059). Ids are the archive's (message ids, as stanza-id gives them). Pure.
import xml, { type Element } from "@xmpp/xml";
import { z } from "zod";
import { NS } from "./stanza";

/** Most messages one MAM page returns (as the web app's history page). */
export const MAM_PAGE_MAX = 100;
const MAM_PAGE_DEFAULT = 50;

const archiveId = z.uuid();
const stamp = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

export const mamQuerySchema = z.object({
  queryId: z.string().max(256).optional(),
  with: z.string().min(1).max(3071).optional(),
  start: stamp.optional(),
  end: stamp.optional(),
  max: z.coerce.number().int().min(0).max(MAM_PAGE_MAX).default(MAM_PAGE_DEFAULT),
  after: archiveId.optional(),
  /** An empty `<before/>` asks for the newest page: null. */
  before: z.union([archiveId, z.literal("").transform(() => null)]).optional(),
});
export type MamQuery = z.output<typeof mamQuerySchema>;

const FORM_FIELDS = ["with", "start", "end"] as const;

/** The query's fields, or null when they are not a valid query (unknown field, bad value). */
export function translateMamQuery(query: Element): MamQuery | null {
  const fields: Record<string, string> = {};
  const form = query.getChild("x", NS.dataForms);
  for (const field of form?.getChildren("field") ?? []) {
    const name = field.attrs.var ?? "";
    if (name === "FORM_TYPE") continue;
    if (!(FORM_FIELDS as readonly string[]).includes(name)) return null;
    fields[name] = field.getChildText("value") ?? "";
  }
  const set = query.getChild("set", NS.rsm);
  const parsed = mamQuerySchema.safeParse({
    queryId: query.attrs.queryid,
    ...fields,
    max: set?.getChildText("max") ?? undefined,
    after: set?.getChildText("after") ?? undefined,
    before: set?.getChild("before") ? set.getChildText("before") : undefined,
  });
  return parsed.success ? parsed.data : null;
}

/** The form a client may ask for (XEP-0313 §5.1). */
export function mamForm(): Element {
  return xml(
    "query",
    { xmlns: NS.mam },
    xml(
      "x",
      { xmlns: NS.dataForms, type: "form" },
      xml("field", { var: "FORM_TYPE", type: "hidden" }, xml("value", {}, NS.mam)),
      xml("field", { var: "with", type: "jid-single" }),
      xml("field", { var: "start", type: "text-single" }),
      xml("field", { var: "end", type: "text-single" }),
    ),
  );
}

/** The end of a query's results (XEP-0313 §4.3): the page's first and last ids, and whether it was the last page. */
export function mamFin(ids: string[], complete: boolean): Element {
  return xml(
    "fin",
    { xmlns: NS.mam, complete: complete ? "true" : undefined },
    xml(
      "set",
      { xmlns: NS.rsm },
      ids.length > 0 ? [xml("first", {}, ids[0]!), xml("last", {}, ids.at(-1)!)] : xml("count", {}, "0"),
    ),
  );
}
