import { describe, expect, it } from "vitest";
import { GROUP, groupMessage, groupSnapshot, groupSummary, OTHER_GROUP } from "@/lib/client/testing/group-fixtures";
import { createGroupStore, reduceGroups } from "./group-store";
import { initialGroupsState } from "./group-state";

function loaded(...summaries: Parameters<typeof groupSummary>[]) {
  const store = createGroupStore();
  store.dispatch({ type: "snapshot", snapshot: groupSnapshot(summaries.map((args) => groupSummary(...args))) });
  return store;
}

const openHistory = (store: ReturnType<typeof createGroupStore>, messages = [groupMessage(1), groupMessage(2)]) => {
  store.dispatch({ type: "history-loading", groupId: GROUP, older: false });
  store.dispatch({ type: "history-page", groupId: GROUP, page: { messages: [...messages].reverse(), hasMore: false }, older: false });
};

describe("reduceGroups", () => {
  it("lists groups pinned first, then newest first, and takes the snapshot's cursor", () => {
    const old = groupMessage(3, { groupId: OTHER_GROUP });
    const store = loaded([groupMessage(5)], [old, { pinned: true }]);
    expect(store.getState().groups.map((group) => group.id)).toEqual([OTHER_GROUP, GROUP]);
    expect(store.getState().cursor).toBe(5);
    expect(store.getState().loaded).toBe(true);
  });

  it("counts an incoming message above the read mark as unread, once, and its mention", () => {
    const store = loaded([groupMessage(2), { lastReadSeq: 2 }]);
    store.dispatch({ type: "message", message: groupMessage(3, { mentionsYou: true }) });
    store.dispatch({ type: "message", message: groupMessage(3, { mentionsYou: true }) });
    const group = store.getState().groups[0]!;
    expect(group.unread).toBe(1);
    expect(group.mentioned).toBe(true);
    expect(group.lastMessage?.seq).toBe(3);
    expect(store.getState().cursor).toBe(3);
  });

  it("does not count my own messages, system lines or messages from someone I block", () => {
    const store = loaded([groupMessage(1)]);
    store.dispatch({ type: "message", message: groupMessage(2, { direction: "outgoing" }) });
    store.dispatch({ type: "message", message: groupMessage(3, { event: { kind: "left", actor: "carol" }, sender: "carol", body: "" }) });
    store.dispatch({ type: "message", message: groupMessage(4, { hidden: true, body: "" }) });
    expect(store.getState().groups[0]!.unread).toBe(0);
    expect(store.getState().groups[0]!.lastMessage?.seq).toBe(4);
  });

  it("keeps a history in seq order without duplicates, live messages after a newest page", () => {
    const store = loaded([groupMessage(2)]);
    openHistory(store);
    store.dispatch({ type: "message", message: groupMessage(4) });
    store.dispatch({ type: "message", message: groupMessage(3) });
    store.dispatch({ type: "message", message: groupMessage(4) });
    expect(store.getState().histories.get(GROUP)?.messages.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
    // A newer page that lacks the live message keeps it.
    store.dispatch({ type: "history-page", groupId: GROUP, page: { messages: [groupMessage(3), groupMessage(2)], hasMore: true }, older: false });
    expect(store.getState().histories.get(GROUP)?.messages.map((message) => message.seq)).toEqual([2, 3, 4]);
    store.dispatch({ type: "history-page", groupId: GROUP, page: { messages: [groupMessage(1)], hasMore: false }, older: true });
    expect(store.getState().histories.get(GROUP)?.messages.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
  });

  it("takes a sent message out of the outbox by client id", () => {
    const store = loaded([groupMessage(1)]);
    const sent = groupMessage(2, { direction: "outgoing" });
    store.dispatch({
      type: "queued",
      entry: { clientId: sent.clientId!, groupId: GROUP, body: "hi", createdAt: sent.sentAt, state: "sending", error: null },
    });
    expect(store.getState().outbox).toHaveLength(1);
    store.dispatch({ type: "sent", clientId: sent.clientId!, message: sent });
    expect(store.getState().outbox).toEqual([]);
    expect(store.getState().groups[0]!.lastMessage?.id).toBe(sent.id);
  });

  it("applies receipts and changes to the loaded copy and the summary's newest message", () => {
    const mine = groupMessage(2, { direction: "outgoing" });
    const store = loaded([mine]);
    openHistory(store, [groupMessage(1), mine]);
    store.dispatch({ type: "receipts", changed: { groupId: GROUP, changes: [{ messageId: mine.id, receipts: { delivered: 2, read: 1, of: 2 } }] } });
    expect(store.getState().histories.get(GROUP)?.messages[1]!.receipts).toEqual({ delivered: 2, read: 1, of: 2 });
    expect(store.getState().groups[0]!.lastMessage?.receipts).toEqual({ delivered: 2, read: 1, of: 2 });
    // A change without receipts (as a reaction's event may carry) keeps the known ones.
    store.dispatch({ type: "message-changed", message: { ...mine, body: "edited", receipts: null } });
    expect(store.getState().histories.get(GROUP)?.messages[1]).toMatchObject({ body: "edited", receipts: { delivered: 2, read: 1, of: 2 } });
  });

  it("tracks who is typing per group; their message ends it", () => {
    const store = loaded([groupMessage(1)]);
    store.dispatch({ type: "typing", notice: { groupId: GROUP, from: "bob", typing: true } });
    store.dispatch({ type: "typing", notice: { groupId: GROUP, from: "carol", typing: true } });
    expect(store.getState().typing.get(GROUP)).toEqual(["bob", "carol"]);
    store.dispatch({ type: "message", message: groupMessage(2) });
    expect(store.getState().typing.get(GROUP)).toEqual(["carol"]);
    store.dispatch({ type: "typing", notice: { groupId: GROUP, from: "carol", typing: false } });
    expect(store.getState().typing.has(GROUP)).toBe(false);
  });

  it("clears unread, the mention and the unread mark when read up to the newest", () => {
    const store = loaded([groupMessage(4), { unread: 2, mentioned: true, markedUnread: true, lastReadSeq: 2 }]);
    store.dispatch({ type: "read", groupId: GROUP, upToSeq: 4 });
    expect(store.getState().groups[0]).toMatchObject({ unread: 0, mentioned: false, markedUnread: false, lastReadSeq: 4 });
  });

  it("forgets a removed group, its history and its typing", () => {
    const store = loaded([groupMessage(1)]);
    openHistory(store);
    store.dispatch({ type: "typing", notice: { groupId: GROUP, from: "bob", typing: true } });
    store.dispatch({ type: "removed", groupId: GROUP });
    expect(store.getState().groups).toEqual([]);
    expect(store.getState().histories.has(GROUP)).toBe(false);
    expect(store.getState().typing.has(GROUP)).toBe(false);
  });

  it("after a reconnect keeps its cursor, marks loaded histories stale, and drops groups no longer listed", () => {
    const store = loaded([groupMessage(2)], [groupMessage(1, { groupId: OTHER_GROUP })]);
    openHistory(store);
    store.dispatch({ type: "message", message: groupMessage(6) });
    store.dispatch({ type: "snapshot", snapshot: groupSnapshot([groupSummary(groupMessage(9))], 9) });
    const state = store.getState();
    expect(state.cursor).toBe(6);
    expect(state.histories.get(GROUP)?.stale).toBe(true);
    expect(state.groups.map((group) => group.id)).toEqual([GROUP]);
  });

  it("returns the same state when nothing changes, and resets to nothing", () => {
    const state = reduceGroups(initialGroupsState, { type: "snapshot", snapshot: groupSnapshot([groupSummary(groupMessage(1))]) });
    expect(reduceGroups(state, { type: "typing", notice: { groupId: GROUP, from: "bob", typing: false } })).toBe(state);
    expect(reduceGroups(state, { type: "discard", clientId: "nope" }).outbox).toEqual([]);
    expect(reduceGroups(state, { type: "reset" })).toBe(initialGroupsState);
  });
});
