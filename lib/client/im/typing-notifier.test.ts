import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTypingNotifier } from "./typing-notifier";

describe("createTypingNotifier", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const notifier = () => {
    const sent: boolean[] = [];
    const typing = createTypingNotifier((value) => sent.push(value), { repeatMs: 3_000, idleMs: 3_000, now: Date.now });
    return { sent, typing };
  };

  it("says typing once, then again only every repeat interval while typing goes on", () => {
    const { sent, typing } = notifier();
    for (let i = 0; i < 10; i += 1) {
      typing.changed("h".repeat(i + 1));
      vi.advanceTimersByTime(500);
    }
    // Typed for 5 s: at 0 and at 3 s.
    expect(sent).toEqual([true, true]);
  });

  it("says stopped after the idle time, once", () => {
    const { sent, typing } = notifier();
    typing.changed("hello");
    vi.advanceTimersByTime(2_999);
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([true, false]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, false]);
  });

  it("says stopped at once on stop (send, blur) or a cleared draft, and nothing if it never said typing", () => {
    const { sent, typing } = notifier();
    typing.stop();
    expect(sent).toEqual([]);
    typing.changed("hi");
    typing.stop();
    expect(sent).toEqual([true, false]);
    typing.changed("again");
    typing.changed("  ");
    expect(sent).toEqual([true, false, true, false]);
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([true, false, true, false]);
  });

  it("says typing at once when typing resumes after a stop", () => {
    const { sent, typing } = notifier();
    typing.changed("a");
    typing.stop();
    typing.changed("ab");
    expect(sent).toEqual([true, false, true]);
  });
});

describe("createTypingNotifier right after a send", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A typist whose notices the fake server relays as the real one does (throttle reset by a stored message). */
  function conversation(ackMs: number) {
    const seenByPeer: { typing: boolean; at: number }[] = [];
    let lastRelayedTyping = -Infinity;
    let storedAt = Infinity;
    const relay = (typing: boolean) => {
      const at = Date.now();
      // The server relays "typing" at most every 2 s, unless a stored message since reset it.
      if (typing && at - lastRelayedTyping < 2_000 && !(storedAt <= at && storedAt > lastRelayedTyping)) return;
      if (typing) lastRelayedTyping = at;
      seenByPeer.push({ typing, at });
    };
    const typing = createTypingNotifier(relay, { repeatMs: 3_000, idleMs: 3_000, now: Date.now });
    const sendMessage = () => {
      const answered = new Promise<void>((resolve) =>
        setTimeout(() => {
          storedAt = Date.now();
          seenByPeer.push({ typing: false, at: storedAt }); // the message's arrival ends the indicator
          resolve();
        }, ackMs),
      );
      typing.sent(answered);
    };
    return { typing, sendMessage, seenByPeer };
  }

  /** The peer shows "typing" from the last notice it saw, if it says typing. */
  const peerShowsTypingSince = (seen: { typing: boolean; at: number }[]) => {
    const last = seen.at(-1);
    return last?.typing ? last.at : null;
  };

  it("shows the peer 'typing' within 200 ms when I start again right after sending", async () => {
    const { typing, sendMessage, seenByPeer } = conversation(40);
    typing.changed("first");
    await vi.advanceTimersByTimeAsync(500);
    sendMessage();
    const sentAt = Date.now();
    await vi.advanceTimersByTimeAsync(10);
    typing.changed("s"); // typing again while the send is unanswered
    await vi.advanceTimersByTimeAsync(190);
    const since = peerShowsTypingSince(seenByPeer);
    expect(since).not.toBeNull();
    expect(since! - sentAt).toBeLessThanOrEqual(200);
  });

  it("sends 'typing' after the hold when the send's answer never comes", async () => {
    const sent: boolean[] = [];
    const typing = createTypingNotifier((value) => sent.push(value), { repeatMs: 3_000, idleMs: 3_000, now: Date.now, holdMs: 1_000 });
    typing.changed("a");
    typing.sent(new Promise(() => {}));
    typing.changed("b");
    expect(sent).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([true, false, true]);
  });

  it("sends nothing after the answer when the draft stayed empty", async () => {
    const sent: boolean[] = [];
    const typing = createTypingNotifier((value) => sent.push(value), { repeatMs: 3_000, idleMs: 3_000, now: Date.now });
    typing.changed("a");
    typing.sent(Promise.resolve());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toEqual([true, false]);
  });
});
