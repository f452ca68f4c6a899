import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GroupMessageView } from "@/lib/protocol/groups";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { GROUP, groupMessage, groupSnapshot, groupSummary } from "@/lib/client/testing/group-fixtures";
import { createGroupDeliveryMarks, feedGroups } from "./group-feed";
import { createGroupStore } from "./group-store";

const timing = { typingTimeoutMs: 6_000, retryMs: 2_000 };

/** Every group message on the server, and sync pages of `pageSize` after a seq. */
function server(messages: GroupMessageView[], pageSize = 2) {
  return (payload: Record<string, unknown>) => {
    const after = Number(payload.afterSeq);
    const rest = messages.filter((each) => each.seq > after);
    const page = rest.slice(0, pageSize);
    return { messages: page, hasMore: rest.length > page.length, cursor: page.at(-1)?.seq ?? after };
  };
}

function tab(answers: Parameters<typeof fakeSocket>[0]) {
  const store = createGroupStore();
  const fake = fakeSocket({ "groupchat:delivered": () => null, ...answers });
  const onNotify = vi.fn();
  feedGroups(fake.socket as never, store, createGroupDeliveryMarks(fake.socket as never), { timing, onNotify });
  return { store, onNotify, ...fake };
}

describe("feedGroups", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("a fresh tab takes the snapshot and confirms delivery of what waits, but not in a request", async () => {
    const request = groupSummary(groupMessage(7, { groupId: "20000000-0000-4000-8000-000000000009" }), {
      id: "20000000-0000-4000-8000-000000000009",
      state: "request",
    });
    const { store, sentOf, socket } = tab({});
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(5), { unread: 1 }), request]));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().groups).toHaveLength(2);
    expect(sentOf("groupchat:delivered")).toEqual([{ groupId: GROUP, upToSeq: 5 }]);
    expect(sentOf("groupchat:sync")).toEqual([]);
  });

  it("after a reconnect catches up from its cursor, page after page, without duplicates", async () => {
    const all = [groupMessage(1), groupMessage(2), groupMessage(3), groupMessage(4), groupMessage(5)];
    const { store, socket, sentOf } = tab({ "groupchat:sync": server(all) });
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(2))]));
    store.dispatch({ type: "history-loading", groupId: GROUP, older: false });
    store.dispatch({ type: "history-page", groupId: GROUP, page: { messages: [groupMessage(2), groupMessage(1)], hasMore: false }, older: false });
    socket.drop();
    socket.reconnect();
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(5))]));
    // A live message arrives while catching up.
    socket.emit("groupchat:received", { message: groupMessage(4), notify: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("groupchat:sync").map((payload) => payload.afterSeq)).toEqual([2, 4]);
    expect(store.getState().histories.get(GROUP)?.messages.map((each) => each.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(store.getState().cursor).toBe(5);
  });

  it("after a reconnect catches up with changes from its change cursor, page after page", async () => {
    const edited = groupMessage(1, { body: "edited", editedAt: "2026-01-01T00:00:00.000Z" });
    const retracted = groupMessage(2, { body: "", retracted: true });
    const { store, socket, sentOf } = tab({
      "groupchat:sync": (payload) => {
        const from = Number(payload.changesAfter);
        const page = from < 6 ? { changed: [edited], changeCursor: 6, changesHaveMore: true } : { changed: [retracted], changeCursor: 9, changesHaveMore: false };
        return { messages: [], hasMore: false, cursor: Number(payload.afterSeq), ...page };
      },
    });
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(2))], 2, 3));
    store.dispatch({ type: "history-loading", groupId: GROUP, older: false });
    store.dispatch({ type: "history-page", groupId: GROUP, page: { messages: [groupMessage(2), groupMessage(1)], hasMore: false }, older: false });
    // A change heard live moves the change cursor.
    socket.emit("groupchat:message-changed", { message: groupMessage(2, { body: "live" }), changeSeq: 4 });
    expect(store.getState().changeCursor).toBe(4);
    socket.drop();
    socket.reconnect();
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(2))], 2, 9));
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("groupchat:sync").map((payload) => payload.changesAfter)).toEqual([4, 6]);
    expect(store.getState().histories.get(GROUP)?.messages.map((each) => [each.seq, each.body, each.retracted])).toEqual([
      [1, "edited", false],
      [2, "", true],
    ]);
    expect(store.getState().changeCursor).toBe(9);
  });

  it("retries a failed catch-up from where it got", async () => {
    let fail = true;
    const all = [groupMessage(1), groupMessage(2), groupMessage(3)];
    const { store, socket, sentOf } = tab({ "groupchat:sync": (payload) => (fail ? { ok: false, error: { code: "internal", message: "down" } } : server(all)(payload)) });
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(1))]));
    socket.drop();
    socket.reconnect();
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(3))]));
    await vi.advanceTimersByTimeAsync(0);
    fail = false;
    await vi.advanceTimersByTimeAsync(timing.retryMs);
    expect(sentOf("groupchat:sync").map((payload) => payload.afterSeq)).toEqual([1, 1]);
    expect(store.getState().cursor).toBe(3);
  });

  it("confirms a live message, tells the notifier when the server says so, and ends its sender's typing", async () => {
    const { store, socket, sentOf, onNotify } = tab({});
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(1))]));
    socket.emit("groupchat:typing", { groupId: GROUP, from: "bob", typing: true });
    expect(store.getState().typing.get(GROUP)).toEqual(["bob"]);
    socket.emit("groupchat:received", { message: groupMessage(2), notify: true });
    expect(store.getState().typing.has(GROUP)).toBe(false);
    expect(onNotify).toHaveBeenCalledTimes(1);
    expect(sentOf("groupchat:delivered")).toContainEqual({ groupId: GROUP, upToSeq: 2 });
  });

  it("forgets a typing member who never says they stopped", async () => {
    const { store, socket } = tab({});
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(groupMessage(1))]));
    socket.emit("groupchat:typing", { groupId: GROUP, from: "carol", typing: true });
    await vi.advanceTimersByTimeAsync(timing.typingTimeoutMs);
    expect(store.getState().typing.has(GROUP)).toBe(false);
  });

  it("applies changed and removed groups, receipts and changed messages", () => {
    const mine = groupMessage(2, { direction: "outgoing" });
    const { store, socket } = tab({});
    socket.emit("groupchat:snapshot", groupSnapshot([groupSummary(mine)]));
    socket.emit("groupchat:receipts-changed", { groupId: GROUP, changes: [{ messageId: mine.id, receipts: { delivered: 2, read: 2, of: 2 } }] });
    expect(store.getState().groups[0]!.lastMessage?.receipts).toEqual({ delivered: 2, read: 2, of: 2 });
    socket.emit("groupchat:changed", groupSummary(mine, { name: "Trip", title: "Trip" }));
    expect(store.getState().groups[0]!.title).toBe("Trip");
    socket.emit("groupchat:removed", { groupId: GROUP });
    expect(store.getState().groups).toEqual([]);
  });
});
