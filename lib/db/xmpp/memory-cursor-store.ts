// The XMPP cursor store in memory (the contract: cursor-store.ts).
import type { XmppCursorStore } from "./cursor-store";

export function createMemoryXmppCursorStore(): XmppCursorStore {
  const cursors = new Map<string, number>();
  const key = (userId: string, resource: string) => `${userId}\n${resource}`;
  return {
    async get(userId, resource) {
      return cursors.get(key(userId, resource)) ?? null;
    },
    async advance(userId, resource, seq) {
      const at = key(userId, resource);
      cursors.set(at, Math.max(cursors.get(at) ?? seq, seq));
    },
  };
}
