// Tells the peer that I am typing: `im:typing {typing: true}` when a draft starts and again
// every TYPING_REPEAT_MS while it goes on (the protocol's rhythm: the server relays at most one
// every 2 s and the peer's indicator lapses after 6 s without one), and `{typing: false}` once
// when I stop — after a few idle seconds, on send, on leaving the composer, on clearing it.
import { TYPING_REPEAT_MS } from "@/lib/protocol";

/** A pause this long counts as having stopped typing. */
export const TYPING_IDLE_MS = 3_000;

type Timing = { repeatMs: number; idleMs: number; now: () => number };

export function createTypingNotifier(
  send: (typing: boolean) => void,
  timing: Timing = { repeatMs: TYPING_REPEAT_MS, idleMs: TYPING_IDLE_MS, now: Date.now },
) {
  /** When "typing" last went out; null while the peer believes I am not typing. */
  let lastSent: number | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  function stop() {
    clearTimeout(idleTimer);
    if (lastSent === null) return;
    lastSent = null;
    send(false);
  }

  return {
    /** The draft changed. */
    changed(draft: string) {
      if (draft.trim() === "") {
        stop();
        return;
      }
      const now = timing.now();
      if (lastSent === null || now - lastSent >= timing.repeatMs) {
        lastSent = now;
        send(true);
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(stop, timing.idleMs);
    },
    stop,
  };
}
