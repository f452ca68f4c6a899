// History and catch-up read each direction (received, sent) on its own and merge the two.
import type { StoredMessage } from "./message-store";

/** Two lists each ordered by seq the same way, merged, cut to `limit`, with whether more exist. */
export function mergePage(a: StoredMessage[], b: StoredMessage[], limit: number, order: "asc" | "desc") {
  const merged = [...a, ...b].sort((x, y) => (order === "asc" ? x.seq - y.seq : y.seq - x.seq));
  return { messages: merged.slice(0, limit), hasMore: merged.length > limit };
}
