// How far a session's resource has got through its inbox, for its cursor (lib/im/resource-delivery.ts):
// past every message the client has (written, or acknowledged under stream management), but never
// past a catch-up message it has not got yet, even when a later live message was acknowledged first
// (one that came in while the catch-up was read): those are sent again at the next sign-in.

export function createCursorProgress() {
  /** The newest seq the client has. */
  let reached = 0;
  /** Catch-up messages sent but not yet had, oldest first. */
  let waiting: number[] = [];
  /** Where the cursor goes once the catch-up is all had (past messages that were not for sending). */
  let catchUpEnd = 0;

  return {
    /** The catch-up at sign-in: these seqs go out, and the cursor may go to `end` once they are all had. */
    catchingUp(seqs: readonly number[], end: number) {
      waiting = [...seqs].sort((a, b) => a - b);
      catchUpEnd = end;
      if (waiting.length === 0) reached = Math.max(reached, end);
    },

    /** The client has the message with this seq. */
    had(seq: number) {
      reached = Math.max(reached, seq);
      if (waiting.length === 0) return;
      waiting = waiting.filter((pending) => pending !== seq);
      if (waiting.length === 0) reached = Math.max(reached, catchUpEnd);
    },

    /** The cursor to keep, or null when nothing moved it. */
    cursor(): number | null {
      const at = waiting.length > 0 ? Math.min(reached, waiting[0]! - 1) : reached;
      return at > 0 ? at : null;
    },
  };
}
export type CursorProgress = ReturnType<typeof createCursorProgress>;
