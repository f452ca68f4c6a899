import { describe, expect, it } from "vitest";
import { message, snapshot, summary } from "@/lib/client/testing/inbox-fixtures";
import { type InboxEvent, type InboxState, initialInboxState } from "./inbox-state";
import { reduceInbox } from "./inbox-store";
import { applyChange, reactionToggle, withChange } from "./message-changes";

const reduceAll = (events: InboxEvent[], state: InboxState = initialInboxState) => events.reduce(reduceInbox, state);

function loaded() {
  const messages = [message(4), message(5, { direction: "outgoing", status: "read" })];
  return reduceAll([
    { type: "snapshot", snapshot: { ...snapshot([summary("bob", messages[1]!)]), changeCursor: 10 } },
    { type: "history-loading", peer: "bob", older: false },
    { type: "history-page", peer: "bob", page: { messages: messages.toReversed(), hasMore: false }, older: false, knownUpTo: 5 },
  ]);
}

describe("applying a change", () => {
  it("replaces the message by id in the history and the summary, and moves the change cursor", () => {
    const state = loaded();
    expect(state.changeCursor).toBe(10);
    const edited = message(5, { direction: "outgoing", status: "sent", body: "edited", editedAt: "2026-11-05T12:01:00.000Z" });
    const next = reduceInbox(state, { type: "changed", message: edited, changeSeq: 12 });
    const shown = next.histories.get("bob")!.messages[1]!;
    expect(shown).toMatchObject({ body: "edited", editedAt: edited.editedAt });
    // An edit never takes a status back.
    expect(shown.status).toBe("read");
    expect(next.conversations[0]!.lastMessage.body).toBe("edited");
    expect(next.changeCursor).toBe(12);
  });

  it("is idempotent: the same change again returns the same state", () => {
    const reacted = message(4, { reactions: [{ emoji: "👍", count: 1, mine: true, users: ["me"] }] });
    const once = reduceInbox(loaded(), { type: "changed", message: reacted, changeSeq: 11 });
    expect(reduceInbox(once, { type: "changed", message: reacted, changeSeq: 11 })).toBe(once);
    expect(reduceInbox(once, { type: "changed", message: reacted })).toBe(once);
  });

  it("ignores a change to a message not loaded, and a tombstone replaces the text", () => {
    const state = loaded();
    expect(reduceInbox(state, { type: "changed", message: message(99) }).histories).toBe(state.histories);
    const tombstone = message(4, { body: "", retracted: true });
    expect(applyChange(state.histories.get("bob")!.messages, tombstone)[0]).toMatchObject({ body: "", retracted: true });
    expect(withChange(message(4), message(5))).toEqual(message(4)); // another id: untouched
  });

  it("keeps its own change cursor across a reconnect; a first snapshot sets it", () => {
    const state = reduceInbox(loaded(), { type: "change-cursor", changeCursor: 15 });
    const reconnected = reduceInbox(state, { type: "snapshot", snapshot: { ...snapshot([]), changeCursor: 40 } });
    expect(reconnected.changeCursor).toBe(15);
  });
});

describe("reactionToggle", () => {
  it("adds an emoji I have not given, removes one I have", () => {
    const reactions = [{ emoji: "👍", count: 2, mine: true, users: ["a", "b"] }];
    expect(reactionToggle(reactions, "👍")).toBe(false);
    expect(reactionToggle(reactions, "❤️")).toBe(true);
  });
});
