// The XMPP cursor store in memory (the contract: cursor-store.ts), over memory-tables.ts.
import type { MemoryTables } from "../memory-tables";
import type { XmppCursorStore } from "./cursor-store";

export function createMemoryXmppCursorStore(tables: MemoryTables): XmppCursorStore {
  const find = (userId: string, resource: string) =>
    tables.xmppCursors.find((row) => row.userId === userId && row.resource === resource);
  return {
    async get(userId, resource) {
      return find(userId, resource)?.seq ?? null;
    },
    async advance(userId, resource, seq) {
      const row = find(userId, resource);
      if (!row) tables.xmppCursors.push({ userId, resource, seq });
      else row.seq = Math.max(row.seq, seq);
    },
  };
}
