import { describe, expect, it } from "vitest";
import type { InstantMessage } from "@/lib/protocol";
import { message, snapshot, summary } from "@/lib/client/testing/inbox-fixtures";
import { type InboxEvent, type InboxState, initialInboxState } from "./inbox-state";
import { createInboxStore, reduceInbox } from "./inbox-store";
import { timelineOf, totalUnread } from "./inbox-view";

const reduceAll = (events: InboxEvent[], state: InboxState = initialInboxState) => events.reduce(reduceInbox, state);
const seqs = (state: InboxState, peer = "bob") => state.histories.get(peer)?.messages.map((each) => each.seq);
const conversation = (state: InboxState, peer = "bob") => state.conversations.find((each) => each.peer === peer);

/** A tab that had its snapshot and the newest page of bob's conversation. */
function withHistory(messages: InstantMessage[], overrides: Partial<Parameters<typeof summary>[2]> = {}) {
  const newest = messages.at(-1)!;
  return reduceAll([
    { type: "snapshot", snapshot: snapshot([summary("bob", newest, overrides)]) },
    { type: "history-loading", peer: "bob", older: false },
    { type: "history-page", peer: "bob", page: { messages: messages.toReversed(), hasMore: false }, older: false, knownUpTo: newest.seq },
  ]);
}

describe("the conversation list", () => {
  it("starts from the snapshot, newest first, with the snapshot's cursor", () => {
    const state = reduceAll([
      { type: "snapshot", snapshot: snapshot([summary("carol", message(3, { peer: "carol" })), summary("bob", message(9))]) },
    ]);
    expect(state.loaded).toBe(true);
    expect(state.conversations.map((each) => each.peer)).toEqual(["bob", "carol"]);
    expect(state.cursor).toBe(9);
  });

  it("moves a conversation to the top with its newest message, and replaces summaries whole", () => {
    let state = reduceAll([
      { type: "snapshot", snapshot: snapshot([summary("bob", message(5)), summary("carol", message(3, { peer: "carol" }))]) },
      { type: "message", message: message(7, { peer: "carol" }) },
    ]);
    expect(state.conversations.map((each) => each.peer)).toEqual(["carol", "bob"]);
    state = reduceInbox(state, { type: "conversation-changed", summary: summary("bob", message(8), { unread: 4 }) });
    expect(state.conversations.map((each) => [each.peer, each.unread])).toEqual([
      ["bob", 4],
      ["carol", 1],
    ]);
    state = reduceInbox(state, { type: "conversation-removed", peer: "bob" });
    expect(state.conversations.map((each) => each.peer)).toEqual(["carol"]);
  });
});

describe("unread counts", () => {
  it("add one for a new incoming message, not for mine nor for one the summary already has", () => {
    let state = reduceAll([{ type: "snapshot", snapshot: snapshot([summary("bob", message(5), { unread: 1, lastReadSeq: 4 })]) }]);
    state = reduceInbox(state, { type: "message", message: message(5) }); // the snapshot's own newest message
    expect(conversation(state)?.unread).toBe(1);
    state = reduceInbox(state, { type: "message", message: message(6) });
    state = reduceInbox(state, { type: "message", message: message(6) }); // the same one again
    expect(conversation(state)?.unread).toBe(2);
    state = reduceInbox(state, { type: "message", message: message(7, { direction: "outgoing" }) });
    expect(conversation(state)).toMatchObject({ unread: 2, lastMessage: { seq: 7 } });
  });

  it("do not count a message the summary that announced it already counted", () => {
    const first = message(10, { peer: "dave" });
    const state = reduceAll([
      { type: "snapshot", snapshot: snapshot([]) },
      { type: "conversation-changed", summary: summary("dave", first, { state: "request", unread: 1 }) },
      { type: "message", message: first },
    ]);
    expect(conversation(state, "dave")?.unread).toBe(1);
  });

  it("clear when another tab reads (the server's summary), and add up across the inbox", () => {
    let state = reduceAll([
      {
        type: "snapshot",
        snapshot: snapshot([summary("bob", message(5), { unread: 2 }), summary("dave", message(4, { peer: "dave" }), { unread: 3, state: "request" })]),
      },
    ]);
    expect(totalUnread(state.conversations)).toBe(5);
    state = reduceInbox(state, { type: "conversation-changed", summary: summary("bob", message(5), { unread: 0, lastReadSeq: 5 }) });
    expect(totalUnread(state.conversations)).toBe(3);
  });
});

describe("history", () => {
  it("keeps messages oldest first and adds each message once, wherever it comes from", () => {
    let state = withHistory([message(1), message(2, { direction: "outgoing" }), message(4)]);
    state = reduceInbox(state, { type: "message", message: message(6) });
    state = reduceInbox(state, { type: "message", message: message(5) }); // a catch-up page overlapping live events
    state = reduceInbox(state, { type: "message", message: message(6) });
    state = reduceInbox(state, { type: "message", message: message(4) });
    expect(seqs(state)).toEqual([1, 2, 4, 5, 6]);
    expect(state.cursor).toBe(6);
  });

  it("leaves unloaded conversations unloaded: they load their newest page when opened", () => {
    const state = reduceAll([
      { type: "snapshot", snapshot: snapshot([summary("bob", message(5))]) },
      { type: "message", message: message(6) },
    ]);
    expect(state.histories.has("bob")).toBe(false);
    expect(conversation(state)?.lastMessage.seq).toBe(6);
  });

  it("keeps messages that arrive while the first page is on its way", () => {
    const state = reduceAll([
      { type: "snapshot", snapshot: snapshot([summary("bob", message(5))]) },
      { type: "history-loading", peer: "bob", older: false },
      { type: "message", message: message(6) },
      { type: "history-page", peer: "bob", page: { messages: [message(5), message(3)], hasMore: true }, older: false, knownUpTo: 5 },
    ]);
    expect(state.histories.get("bob")).toMatchObject({ phase: "ready", hasMore: true });
    expect(seqs(state)).toEqual([3, 5, 6]);
  });

  it("prepends older pages without duplicates and remembers whether more exist", () => {
    let state = withHistory([message(10), message(11)]);
    state = reduceInbox(state, { type: "history-loading", peer: "bob", older: true });
    expect(state.histories.get("bob")?.loadingOlder).toBe(true);
    state = reduceInbox(state, {
      type: "history-page",
      peer: "bob",
      page: { messages: [message(10), message(8), message(7)], hasMore: false },
      older: true,
      knownUpTo: 11,
    });
    expect(seqs(state)).toEqual([7, 8, 10, 11]);
    expect(state.histories.get("bob")).toMatchObject({ hasMore: false, loadingOlder: false });
  });

  it("after a reconnect, refreshes the newest page: deletions missed are dropped, older pages kept", () => {
    let state = withHistory([message(1), message(2), message(3), message(4)]);
    state = reduceInbox(state, { type: "snapshot", snapshot: snapshot([summary("bob", message(4))]) });
    expect(state.histories.get("bob")?.stale).toBe(true);
    state = reduceInbox(state, { type: "message", message: message(9) }); // arrived while the page was on its way
    // Message 3 was deleted in another tab while this one was away.
    state = reduceInbox(state, {
      type: "history-page",
      peer: "bob",
      page: { messages: [message(4), message(2)], hasMore: true },
      older: false,
      knownUpTo: 4,
    });
    expect(seqs(state)).toEqual([1, 2, 4, 9]);
    expect(state.histories.get("bob")?.stale).toBe(false);
  });

  it("drops deleted messages and the whole history of a removed conversation", () => {
    let state = withHistory([message(1), message(2), message(3)]);
    state = reduceInbox(state, { type: "deleted", deleted: { peer: "bob", ids: [message(2).id] } });
    expect(seqs(state)).toEqual([1, 3]);
    state = reduceInbox(state, { type: "conversation-removed", peer: "bob" });
    expect(state.histories.has("bob")).toBe(false);
  });

  it("keeps what is shown when a refresh fails, and says so when a first load fails", () => {
    const error = { code: "internal" as const, message: "The server did not answer." };
    let state = withHistory([message(1)]);
    state = reduceInbox(state, { type: "history-failed", peer: "bob", error });
    expect(state.histories.get("bob")).toMatchObject({ phase: "ready", error });
    state = reduceAll([
      { type: "history-loading", peer: "carol", older: false },
      { type: "history-failed", peer: "carol", error },
    ]);
    expect(state.histories.get("carol")).toMatchObject({ phase: "failed", error });
  });
});

describe("message states", () => {
  const mine = (seq: number) => message(seq, { direction: "outgoing", clientId: `c${seq}` });

  it("go sending → sent on the ack, out of the outbox, keyed by client id throughout", () => {
    let state = withHistory([message(1)]);
    state = reduceInbox(state, {
      type: "queued",
      entry: { clientId: "c2", peer: "bob", body: "hi", createdAt: "2026-11-05T12:00:00.000Z", state: "sending", error: null },
    });
    const sending = timelineOf(state.histories.get("bob")!.messages, state.outbox, "bob");
    expect(sending.map((each) => [each.key, each.state])).toEqual([
      [message(1).id, "delivered"],
      ["c2", "sending"],
    ]);
    state = reduceInbox(state, { type: "sent", clientId: "c2", message: mine(2) });
    expect(state.outbox).toEqual([]);
    const sent = timelineOf(state.histories.get("bob")!.messages, state.outbox, "bob");
    expect(sent.map((each) => [each.key, each.state])).toEqual([
      [message(1).id, "delivered"],
      ["c2", "sent"],
    ]);
  });

  it("go sent → delivered → read, and never back on a late event", () => {
    let state = withHistory([mine(1), mine(2), mine(3)]);
    state = reduceInbox(state, { type: "status", update: { peer: "bob", status: "delivered", ids: [mine(1).id, mine(2).id], at: "" } });
    state = reduceInbox(state, { type: "status", update: { peer: "bob", status: "read", upToSeq: 1, at: "" } });
    state = reduceInbox(state, { type: "status", update: { peer: "bob", status: "delivered", ids: [mine(1).id], at: "" } });
    expect(state.histories.get("bob")?.messages.map((each) => each.status)).toEqual(["read", "delivered", "sent"]);
    expect(conversation(state)).toMatchObject({ peerReadSeq: 1, lastMessage: { seq: 3, status: "sent" } });
  });

  it("catch up on receipts missed while away from the snapshot, and lose read when receipts go off", () => {
    let state = withHistory([mine(1), mine(2)]);
    state = reduceInbox(state, { type: "snapshot", snapshot: snapshot([summary("bob", mine(2), { peerReadSeq: 2 })]) });
    expect(state.histories.get("bob")?.messages.map((each) => each.status)).toEqual(["read", "read"]);
    state = reduceInbox(state, { type: "conversations", conversations: [summary("bob", mine(2), { peerReadSeq: 0 })] });
    expect(state.histories.get("bob")?.messages.map((each) => each.status)).toEqual(["delivered", "delivered"]);
  });

  it("fail with the server's reason, and go back to sending on retry", () => {
    const error = { code: "rate_limited" as const, message: "Too fast", retryAfter: 20 };
    let state = reduceAll([
      { type: "queued", entry: { clientId: "c1", peer: "bob", body: "hi", createdAt: "", state: "sending", error: null } },
      { type: "send-failed", clientId: "c1", error },
    ]);
    expect(state.outbox[0]).toMatchObject({ state: "failed", error });
    state = reduceInbox(state, { type: "retry", clientId: "c1" });
    expect(state.outbox[0]).toMatchObject({ state: "sending", error: null });
    state = reduceInbox(state, { type: "discard", clientId: "c1" });
    expect(state.outbox).toEqual([]);
  });

  it("leave the outbox when the stored message arrives another way (a catch-up after a lost ack)", () => {
    const stored = mine(4);
    const state = reduceAll([
      { type: "queued", entry: { clientId: stored.clientId!, peer: "bob", body: stored.body, createdAt: "", state: "sending", error: null } },
      { type: "message", message: stored },
    ]);
    expect(state.outbox).toEqual([]);
  });
});

describe("typing", () => {
  it("shows while the peer types and stops with their message or a removed conversation", () => {
    let state = reduceAll([{ type: "typing", notice: { from: "bob", typing: true } }]);
    expect(state.typing.has("bob")).toBe(true);
    state = reduceInbox(state, { type: "message", message: message(3) });
    expect(state.typing.has("bob")).toBe(false);
    state = reduceAll([{ type: "typing", notice: { from: "bob", typing: true } }, { type: "typing", notice: { from: "bob", typing: false } }]);
    expect(state.typing.size).toBe(0);
  });
});

describe("createInboxStore", () => {
  it("tells subscribers about changes only", () => {
    const store = createInboxStore();
    let calls = 0;
    store.subscribe(() => (calls += 1));
    store.dispatch({ type: "typing", notice: { from: "bob", typing: false } });
    expect(calls).toBe(0);
    store.dispatch({ type: "typing", notice: { from: "bob", typing: true } });
    expect(calls).toBe(1);
  });

  it("forgets the inbox, histories and unsent messages when the session ends", () => {
    const store = createInboxStore();
    store.dispatch({ type: "snapshot", snapshot: snapshot([summary("bob", message(3), { unread: 2 })]) });
    store.dispatch({
      type: "queued",
      entry: { clientId: "1b4e28ba-2fa1-41d2-883f-0016d3cca427", peer: "bob", body: "hi", createdAt: "2026-11-05T12:00:00.000Z", state: "sending", error: null },
    });
    store.dispatch({ type: "reset" });
    expect(store.getState()).toBe(initialInboxState);
  });
});
