// Which range of an archive a page is (Message Archive Management paging, XEP-0313 with
// XEP-0059): after a message, oldest first; before one (or from the newest), newest first and
// shown oldest first; neither, from the oldest. Pure.
import type { ArchiveRange } from "@/lib/db/im/message-store";

export type ArchivePaging = {
  /** Messages after the one with this seq. */
  afterSeq?: number;
  /** Messages before the one with this seq; `null` for the newest page (an empty `before`). */
  beforeSeq?: number | null;
  max: number;
};

export function archiveRange(paging: ArchivePaging): Pick<ArchiveRange, "afterSeq" | "beforeSeq" | "limit" | "order"> {
  const { afterSeq, beforeSeq, max } = paging;
  const backwards = beforeSeq !== undefined;
  return {
    afterSeq,
    beforeSeq: beforeSeq ?? undefined,
    limit: max,
    order: backwards ? "desc" : "asc",
  };
}

/**
 * A page read in the range's order, shown oldest first; `complete` when no more messages lie
 * beyond it in the direction of paging (the last page of the query).
 */
export function archivePage<T>(read: { messages: T[]; hasMore: boolean }, order: "asc" | "desc") {
  return {
    messages: order === "asc" ? read.messages : [...read.messages].reverse(),
    complete: !read.hasMore,
  };
}
