// XEP-0198 stream management, the bookkeeping half: how many stanzas the client sent us (h,
// told back in <a/>), and the stanzas we sent that the client has not acknowledged yet, in
// order, each with what to do once it is (a chat message is confirmed delivered only then, so a
// message lost with a dropped connection stays in the inbox). Counters wrap at 2^32 (§5).
import type { Element } from "@xmpp/xml";

export const SM_NS = "urn:xmpp:sm:3";

type Sent = { stanza: Element; onAcked?: () => void };

export type AckOutcome = { ok: true } | { ok: false; sent: number };

const wrap = (value: number) => value >>> 0;

export function createStreamManagement() {
  /** Stanzas handled from the client since <enable/>. */
  let inbound = 0;
  /** Our stanzas the client acknowledged so far (its last h). */
  let acked = 0;
  let unacked: Sent[] = [];

  return {
    get inbound() {
      return inbound;
    },
    handled() {
      inbound = wrap(inbound + 1);
    },
    /** A stanza goes out (or is held while the client is away): it waits for its ack. */
    sent(stanza: Element, onAcked?: () => void) {
      unacked.push({ stanza, onAcked });
    },
    /**
     * The client's h (from <a/> or <resume/>): the stanzas it covers are done. An h above what
     * was sent is the client's error (handled-count-too-high); nothing changes then.
     */
    ack(h: number): AckOutcome {
      const count = wrap(h - acked);
      if (count > unacked.length) return { ok: false, sent: wrap(acked + unacked.length) };
      const done = unacked.slice(0, count);
      unacked = unacked.slice(count);
      acked = wrap(h);
      for (const item of done) item.onAcked?.();
      return { ok: true };
    },
    /** What the client has not acknowledged, in order (re-sent on resumption). */
    unacked(): Element[] {
      return unacked.map((item) => item.stanza);
    },
  };
}
export type StreamManagement = ReturnType<typeof createStreamManagement>;

/** The `h` attribute as a counter, or null when it is not one. */
export function parseH(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,10}$/.test(value)) return null;
  const h = Number(value);
  return h <= 0xffff_ffff ? h : null;
}
