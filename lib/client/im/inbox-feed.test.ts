import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InstantMessage, ReceivedMessage } from "@/lib/protocol";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { defaultSettings, message, snapshot, summary } from "@/lib/client/testing/inbox-fixtures";
import { feedInbox } from "./inbox-feed";
import { createInboxStore } from "./inbox-store";

const timing = { typingTimeoutMs: 6_000, retryMs: 2_000 };

/** The inbox on the server: every message, and sync pages of `pageSize` after a seq. */
function inbox(messages: InstantMessage[], pageSize = 2) {
  return (payload: Record<string, unknown>) => {
    const after = Number(payload.afterSeq);
    const rest = messages.filter((each) => each.seq > after);
    const page = rest.slice(0, pageSize);
    return { messages: page, hasMore: rest.length > page.length, cursor: page.at(-1)?.seq ?? after };
  };
}

/** A tab whose first snapshot arrived and which has bob's conversation loaded up to seq 5. */
function loadedTab(answers: Parameters<typeof fakeSocket>[0]) {
  const store = createInboxStore();
  const fake = fakeSocket(answers);
  feedInbox(fake.socket as never, store, { timing });
  fake.socket.emit("im:snapshot", snapshot([summary("bob", message(5))]));
  store.dispatch({ type: "history-loading", peer: "bob", older: false });
  store.dispatch({ type: "history-page", peer: "bob", page: { messages: [message(5), message(4)], hasMore: false }, older: false, knownUpTo: 5 });
  return { store, ...fake };
}

const bodiesOf = (messages: InstantMessage[] | undefined) => messages?.map((each) => each.seq);

describe("feedInbox", () => {
  it("catches up with changes from its change cursor and applies them by id", async () => {
    vi.useFakeTimers();
    const edited = message(5, { body: "edited", editedAt: "2026-11-05T12:01:00.000Z" });
    const { store, socket, sentOf } = loadedTab({
      "im:sync": (payload) => ({
        messages: [],
        hasMore: false,
        cursor: Number(payload.afterSeq),
        changed: Number(payload.changesAfter) < 3 ? [edited] : [],
        changeCursor: 3,
        changesHaveMore: false,
      }),
      "im:confirm-delivery": () => null,
    });
    socket.emit("im:message-changed", { message: message(4, { body: "live" }), changeSeq: 2 });
    expect(store.getState().changeCursor).toBe(2);
    socket.drop();
    socket.reconnect();
    socket.emit("im:snapshot", { ...snapshot([summary("bob", message(5))]), changeCursor: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("im:sync")).toEqual([{ afterSeq: 5, limit: 500, changesAfter: 2 }]);
    expect(store.getState().histories.get("bob")?.messages.map((each) => each.body)).toEqual(["live", "edited"]);
    expect(store.getState().changeCursor).toBe(3);
    vi.useRealTimers();
  });

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("catches up after a reconnect from the cursor it had, page by page, without gaps or duplicates", async () => {
    const missed = [message(6), message(7, { peer: "carol" }), message(8, { direction: "outgoing" }), message(9)];
    const { store, socket, sentOf } = loadedTab({ "im:sync": inbox(missed), "im:confirm-delivery": () => null });
    socket.drop();
    socket.reconnect();
    // A live message can arrive before the snapshot: it must not move where catch-up starts.
    socket.emit("im:received", { message: message(9), notify: true } satisfies ReceivedMessage);
    socket.emit("im:snapshot", snapshot([summary("bob", message(9), { unread: 3 }), summary("carol", message(7, { peer: "carol" }))]));
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("im:sync")).toEqual([
      { afterSeq: 5, limit: 500, changesAfter: 0 },
      { afterSeq: 7, limit: 500, changesAfter: 0 },
    ]);
    expect(bodiesOf(store.getState().histories.get("bob")?.messages)).toEqual([4, 5, 6, 8, 9]);
    expect(store.getState().cursor).toBe(9);
    // The snapshot already counted them: catch-up adds no unread.
    expect(store.getState().conversations.find((each) => each.peer === "bob")?.unread).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(sentOf("im:confirm-delivery").flatMap((payload) => payload.ids as string[]).sort()).toEqual(
      [message(6).id, message(7).id, message(9).id].sort(),
    );
  });

  it("resumes an unfinished catch-up from where it got, not from a cursor live messages moved", async () => {
    const missed = [message(6), message(7), message(8), message(9)];
    let drops = 1;
    const { store, socket, sentOf } = loadedTab({
      "im:sync": (payload) => {
        const page = inbox(missed)(payload);
        if (Number(payload.afterSeq) === 7 && drops > 0) {
          drops -= 1;
          socket.drop();
          throw new Error("transport close");
        }
        return page;
      },
      "im:confirm-delivery": () => null,
    });
    socket.drop();
    socket.reconnect();
    socket.emit("im:snapshot", snapshot([summary("bob", message(9))]));
    await vi.advanceTimersByTimeAsync(0);
    socket.emit("im:received", { message: message(10), notify: false });
    socket.reconnect();
    socket.emit("im:snapshot", snapshot([summary("bob", message(10))]));
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("im:sync").map((payload) => payload.afterSeq)).toEqual([5, 7, 7]);
    expect(bodiesOf(store.getState().histories.get("bob")?.messages)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it("retries a catch-up the server did not answer", async () => {
    let silent = true;
    const { socket, sentOf } = loadedTab({
      "im:sync": (payload) => {
        if (silent) {
          silent = false;
          throw new Error("operation has timed out");
        }
        return inbox([message(6)])(payload);
      },
    });
    socket.drop();
    socket.reconnect();
    socket.emit("im:snapshot", snapshot([summary("bob", message(6))]));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sentOf("im:sync")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sentOf("im:sync")).toHaveLength(2);
  });

  it("in a fresh tab, starts at the snapshot's cursor and confirms the unread messages waiting for it", async () => {
    const store = createInboxStore();
    const { socket, sentOf } = fakeSocket({
      "im:history": () => ({ messages: [message(8), message(7, { direction: "outgoing" }), message(6)], hasMore: true }),
      "im:confirm-delivery": () => null,
    });
    feedInbox(socket as never, store, { timing });
    socket.emit(
      "im:snapshot",
      snapshot([
        summary("bob", message(8), { unread: 2 }),
        summary("dave", message(3, { peer: "dave" }), { unread: 1, state: "request" }),
        summary("carol", message(2, { peer: "carol" })),
      ]),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(sentOf("im:sync")).toEqual([]);
    expect(store.getState().cursor).toBe(8);
    // Requests are not confirmed: their senders must not learn they were seen.
    expect(sentOf("im:history")).toEqual([{ peer: "bob", limit: 2 }]);
    expect(sentOf("im:confirm-delivery")).toEqual([{ ids: [message(8).id, message(6).id] }]);
  });

  it("confirms live incoming messages and asks for a notification only when the server says so", async () => {
    const notices: ReceivedMessage[] = [];
    const store = createInboxStore();
    const { socket, sentOf } = fakeSocket({ "im:confirm-delivery": () => null });
    feedInbox(socket as never, store, { timing, onNotify: (received) => notices.push(received) });
    socket.emit("im:snapshot", snapshot([]));
    socket.emit("im:received", { message: message(1), notify: true });
    socket.emit("im:received", { message: message(2), notify: false });
    socket.emit("im:received", { message: message(3, { direction: "outgoing" }), notify: false });
    await vi.advanceTimersByTimeAsync(100);
    expect(sentOf("im:confirm-delivery")).toEqual([{ ids: [message(1).id, message(2).id] }]);
    expect(notices.map((notice) => notice.message.seq)).toEqual([1]);
  });

  it("keeps confirmations the connection lost and sends them when it is back", async () => {
    const store = createInboxStore();
    const { socket, sentOf } = fakeSocket({ "im:confirm-delivery": () => null });
    feedInbox(socket as never, store, { timing });
    socket.emit("im:snapshot", snapshot([]));
    socket.emit("im:received", { message: message(1), notify: false });
    socket.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(sentOf("im:confirm-delivery")).toEqual([]);
    socket.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("im:confirm-delivery")).toEqual([{ ids: [message(1).id] }]);
  });

  it("drops a typing indicator that is not repeated in time", async () => {
    const store = createInboxStore();
    const { socket } = fakeSocket();
    feedInbox(socket as never, store, { timing });
    socket.emit("im:typing", { from: "bob", typing: true });
    await vi.advanceTimersByTimeAsync(5_000);
    socket.emit("im:typing", { from: "bob", typing: true });
    await vi.advanceTimersByTimeAsync(5_999);
    expect(store.getState().typing.has("bob")).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getState().typing.has("bob")).toBe(false);
  });

  it("applies settings from any tab, refetching the list when read receipts change", async () => {
    const store = createInboxStore();
    const { socket, sentOf } = fakeSocket({ "im:conversations": () => [summary("bob", message(1))] });
    feedInbox(socket as never, store, { timing });
    socket.emit("im:snapshot", snapshot([]));
    socket.emit("im:settings-changed", { ...defaultSettings, acceptFrom: "contacts" });
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("im:conversations")).toEqual([]);
    socket.emit("im:settings-changed", { ...defaultSettings, acceptFrom: "contacts", readReceipts: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().settings).toMatchObject({ acceptFrom: "contacts", readReceipts: false });
    expect(store.getState().conversations.map((each) => each.peer)).toEqual(["bob"]);
  });

  it("stops listening when detached", () => {
    const store = createInboxStore();
    const { socket } = fakeSocket();
    const detach = feedInbox(socket as never, store, { timing });
    detach();
    socket.emit("im:snapshot", snapshot([]));
    expect(store.getState().loaded).toBe(false);
  });
});
