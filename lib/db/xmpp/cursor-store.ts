// How far each XMPP resource of an account has been sent its inbox (the XmppCursor table): the seq
// of the newest message it was sent. Implementations: prisma-cursor-store.ts, memory-cursor-store.ts.

export interface XmppCursorStore {
  /** The resource's cursor, or null for a resource never signed in with. */
  get(userId: string, resource: string): Promise<number | null>;
  /** Moves the cursor forward to `seq`; a lower seq (a slower writer) leaves it where it is. */
  advance(userId: string, resource: string, seq: number): Promise<void>;
}
