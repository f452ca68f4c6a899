// Tells the peer that I am typing: `im:typing {typing: true}` when a draft starts and again
// every TYPING_REPEAT_MS while it goes on (the protocol's rhythm: the server relays at most one
// every 2 s and the peer's indicator lapses after 6 s without one), and `{typing: false}` once
// when I stop — after a few idle seconds, on send, on leaving the composer, on clearing it.
//
// Right after a send, "typing" waits for the server's answer to that send (at most
// SEND_HOLD_MS). Sent at once, it raced the message: the server handled it before the message
// was stored, so its 2 s throttle (which a stored message resets) dropped it, or relayed it
// ahead of the message, whose arrival then cleared the peer's indicator. Either way the peer
// saw nothing until the next repeat, about 2 s later.
import { TYPING_REPEAT_MS } from "@/lib/protocol";

/** A pause this long counts as having stopped typing. */
export const TYPING_IDLE_MS = 3_000;
/** The longest "typing" waits for a send's answer (a slow or lost answer must not mute it). */
export const SEND_HOLD_MS = 1_000;

type Timing = { repeatMs: number; idleMs: number; now: () => number; holdMs?: number };

export function createTypingNotifier(
  send: (typing: boolean) => void,
  timing: Timing = { repeatMs: TYPING_REPEAT_MS, idleMs: TYPING_IDLE_MS, now: Date.now },
) {
  const holdMs = timing.holdMs ?? SEND_HOLD_MS;
  /** When "typing" last went out; null while the peer believes I am not typing. */
  let lastSent: number | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while a send is unanswered: "typing" waits for it. */
  let held: { draft: string; timer: ReturnType<typeof setTimeout> } | null = null;

  function stop() {
    clearTimeout(idleTimer);
    if (lastSent === null) return;
    lastSent = null;
    send(false);
  }

  function changed(draft: string) {
    if (held) {
      held.draft = draft;
      return;
    }
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
  }

  function release() {
    if (!held) return;
    const { draft, timer } = held;
    clearTimeout(timer);
    held = null;
    if (draft !== "") changed(draft);
  }

  return {
    /** The draft changed. */
    changed,
    stop,
    /** A message went out: stop, and hold the next "typing" until `answered` settles. */
    sent(answered: Promise<unknown>) {
      stop();
      if (held) clearTimeout(held.timer);
      held = { draft: "", timer: setTimeout(release, holdMs) };
      const mine = held;
      void answered.finally(() => {
        if (held === mine) release();
      });
    },
    /** Leaving the conversation: nothing goes out later. */
    dispose() {
      if (held) clearTimeout(held.timer);
      held = null;
      stop();
    },
  };
}
