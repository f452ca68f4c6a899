// Editing "my tuples": the person's own PRESENCE TUPLES (phone, email, web page, XMPP, free
// text), as drafts in a form and back to the ordered list `presence:set-tuples` takes.
import type { BasicStatus, PresenceView, TupleMeans, TupleView, UserTupleInput } from "@/lib/protocol";

export type TupleDraft = {
  /** Stable React key: the tuple's id, or a local one for a new tuple. */
  key: string;
  id?: string;
  means: TupleMeans;
  address: string;
  label: string;
  status: BasicStatus;
};

export const MEANS_LABELS: Record<TupleMeans, string> = {
  tel: "Phone",
  mailto: "Email",
  https: "Web page",
  xmpp: "XMPP",
  text: "Other",
};

export const ADDRESS_PLACEHOLDERS: Record<TupleMeans, string> = {
  tel: "+1 555 0100",
  mailto: "alice@example.org",
  https: "https://example.org",
  xmpp: "alice@example.org",
  text: "Ask at the front desk",
};

export const meansLabel = (means: TupleView["means"]) => (means === "im" ? "Instant messages" : MEANS_LABELS[means]);

const URI_PREFIXES: Partial<Record<TupleView["means"], string>> = { tel: "tel:", mailto: "mailto:", xmpp: "xmpp:" };

/** The address as the person typed it (older views carry only the normalised URI). */
export function addressOf(tuple: Pick<TupleView, "means" | "contact" | "address">): string {
  if (tuple.address !== undefined) return tuple.address;
  const prefix = URI_PREFIXES[tuple.means];
  return prefix && tuple.contact.startsWith(prefix) ? tuple.contact.slice(prefix.length) : tuple.contact;
}

/** A link for a tuple's address, when it is one a browser can open. */
export function tupleHref(tuple: Pick<TupleView, "means" | "contact">): string | undefined {
  if (tuple.means === "https") return tuple.contact.startsWith("https://") ? tuple.contact : undefined;
  return tuple.means === "text" || tuple.means === "im" ? undefined : tuple.contact;
}

export const userTuplesOf = (view: PresenceView) => view.tuples.filter((tuple) => tuple.kind === "user");
export const deviceTuplesOf = (view: PresenceView) => view.tuples.filter((tuple) => tuple.kind === "device");

export function draftsFromView(view: PresenceView): TupleDraft[] {
  return userTuplesOf(view).map((tuple) => ({
    key: tuple.id,
    id: tuple.id,
    means: tuple.means === "im" ? "text" : tuple.means,
    address: addressOf(tuple),
    label: tuple.label ?? "",
    status: tuple.status,
  }));
}

let newDrafts = 0;
export function newDraft(): TupleDraft {
  newDrafts += 1;
  return { key: `new-${newDrafts}`, means: "tel", address: "", label: "", status: "open" };
}

/** The whole ordered list; existing tuples keep their id so the server updates them in place. */
export function tuplesPayload(drafts: TupleDraft[]): UserTupleInput[] {
  return drafts.map(({ id, means, address, label, status }) => ({
    ...(id ? { id } : {}),
    means,
    address,
    label: label.trim() || null,
    status,
  }));
}
