// Typing notices are relayed sparingly: "typing" at most once per TYPING_RELAY_MS for one
// sender and recipient (clients repeat it every TYPING_REPEAT_MS while typing, which stays
// above this), and "stopped" only after a relayed "typing". Memory only: it is about the last
// few seconds, and a restart loses nothing that matters.
import { TYPING_TIMEOUT_MS } from "@/lib/protocol/im";

export const TYPING_RELAY_MS = 2_000;

export function createTypingThrottle(now: () => number = Date.now) {
  /** Per sender→recipient: whether "typing" was the last thing relayed, and when it was. */
  const relayed = new Map<string, { typing: boolean; typingAt: number }>();
  const keyOf = (senderId: string, recipientId: string) => `${senderId}>${recipientId}`;

  return {
    /** Whether this notice goes out now; remembers it if so. */
    shouldRelay(senderId: string, recipientId: string, typing: boolean): boolean {
      const key = keyOf(senderId, recipientId);
      const previous = relayed.get(key);
      const time = now();
      if (typing) {
        if (previous && time - previous.typingAt < TYPING_RELAY_MS) return false;
        relayed.set(key, { typing: true, typingAt: time });
        return true;
      }
      if (!previous?.typing) return false;
      relayed.set(key, { typing: false, typingAt: previous.typingAt });
      return true;
    },

    /** The sender's message arrived, which clears the indicator: the next "typing" goes out at once. */
    reset(senderId: string, recipientId: string) {
      relayed.delete(keyOf(senderId, recipientId));
    },

    /** Forgets pairs whose indicator has timed out on the receiving side anyway. */
    sweep() {
      const time = now();
      for (const [key, entry] of relayed) if (time - entry.typingAt > TYPING_TIMEOUT_MS) relayed.delete(key);
    },

    get size() {
      return relayed.size;
    },
  };
}
export type TypingThrottle = ReturnType<typeof createTypingThrottle>;
