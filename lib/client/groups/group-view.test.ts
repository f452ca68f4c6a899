import { describe, expect, it } from "vitest";
import { GROUP, groupMessage, groupSummary, OTHER_GROUP } from "@/lib/client/testing/group-fixtures";
import { message, summary } from "@/lib/client/testing/inbox-fixtures";
import {
  conversationList,
  groupIdOfSegment,
  groupSegment,
  groupTimeline,
  namesInWords,
  receiptsKey,
  receiptsText,
  runStarts,
  systemLineText,
  typingText,
  unreadDividerKey,
} from "./group-view";

const nameOf = (username: string) => ({ alice: "Alice", bob: "Bob", carol: "Carol" })[username] ?? username;

describe("group views", () => {
  it("puts my unsent messages after the stored ones, once", () => {
    const stored = groupMessage(2, { direction: "outgoing", clientId: "c-1" });
    const outbox = [
      { clientId: "c-1", groupId: GROUP, body: "stored already", createdAt: stored.sentAt, state: "sending" as const, error: null },
      { clientId: "c-2", groupId: GROUP, body: "on its way", createdAt: stored.sentAt, state: "sending" as const, error: null, attachments: ["a"] },
      { clientId: "c-3", groupId: OTHER_GROUP, body: "elsewhere", createdAt: stored.sentAt, state: "failed" as const, error: null },
    ];
    const timeline = groupTimeline([groupMessage(1), stored], outbox, GROUP, "alice");
    expect(timeline.map((item) => item.key)).toEqual([groupMessage(1).id, "c-1", "c-2"]);
    expect(timeline[2]).toMatchObject({ sender: "alice", state: "sending", id: null, pendingAttachments: 1 });
  });

  it("names the sender above each run, broken by another sender, a system line or a long pause", () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
    const items = [
      { key: "1", sender: "bob", event: null, sentAt: at(0) },
      { key: "2", sender: "bob", event: null, sentAt: at(1) },
      { key: "3", sender: "carol", event: null, sentAt: at(2) },
      { key: "4", sender: "carol", event: { kind: "left" as const, actor: "carol" }, sentAt: at(3) },
      { key: "5", sender: "carol", event: null, sentAt: at(3) },
      { key: "6", sender: "carol", event: null, sentAt: at(20) },
    ];
    expect([...runStarts(items)]).toEqual(["1", "3", "5", "6"]);
  });

  it("says who is typing in words", () => {
    expect(typingText([])).toBe("");
    expect(typingText(["alice"])).toBe("alice is typing…");
    expect(typingText(["alice", "bob"])).toBe("alice and bob are typing…");
    expect(typingText(["alice", "bob", "carol"])).toBe("alice, bob and carol are typing…");
    expect(namesInWords(["a", "b", "c", "d", "e"])).toBe("a, b and 3 others");
  });

  it("writes system lines from the viewer's side", () => {
    expect(systemLineText({ kind: "added", actor: "alice", subject: "carol" }, "bob", nameOf)).toBe("Alice added Carol");
    expect(systemLineText({ kind: "added", actor: "alice", subject: "bob" }, "bob", nameOf)).toBe("Alice added you");
    expect(systemLineText({ kind: "left", actor: "bob" }, "alice", nameOf)).toBe("Bob left");
    expect(systemLineText({ kind: "removed", actor: "bob", subject: "carol" }, "bob", nameOf)).toBe("You removed Carol");
    expect(systemLineText({ kind: "renamed", actor: "alice", name: "Trip" }, "bob", nameOf)).toBe("Alice renamed the group to “Trip”");
    expect(systemLineText({ kind: "renamed", actor: "alice", name: null }, "bob", nameOf)).toBe("Alice removed the group’s name");
    expect(systemLineText({ kind: "created", actor: "alice", name: null }, "bob", nameOf)).toBe("Alice created the group");
    expect(systemLineText({ kind: "joined", actor: "carol" }, "bob", nameOf)).toBe("Carol joined");
  });

  it("writes receipts as delivered of how many, and read by", () => {
    expect(receiptsText(null)).toBeNull();
    expect(receiptsText({ delivered: 0, read: 0, of: 3 })).toBe("Sent");
    expect(receiptsText({ delivered: 3, read: 0, of: 4 })).toBe("Delivered to 3 of 4");
    expect(receiptsText({ delivered: 3, read: 2, of: 4 })).toBe("Delivered to 3 of 4 · Read by 2");
  });

  it("puts the unread divider above the first unread message that counts, and receipts under my newest", () => {
    const timeline = groupTimeline(
      [
        groupMessage(1),
        groupMessage(2, { direction: "outgoing" }),
        groupMessage(3, { event: { kind: "left", actor: "carol" } }),
        groupMessage(4, { hidden: true }),
        groupMessage(5),
        groupMessage(6, { direction: "outgoing" }),
      ],
      [],
      GROUP,
      "alice",
    );
    expect(unreadDividerKey(timeline, 1)).toBe(groupMessage(5).id);
    expect(unreadDividerKey(timeline, 5)).toBeNull();
    expect(unreadDividerKey(timeline, null)).toBeNull();
    expect(receiptsKey(timeline)).toBe(groupMessage(6, { direction: "outgoing" }).clientId);
  });

  it("lists groups with one-to-one conversations, pinned first, newest first", () => {
    const peer = summary("dave", message(1, { sentAt: "2026-11-05T12:00:10.000Z" }));
    const pinnedPeer = summary("erin", message(2, { sentAt: "2026-11-01T00:00:00.000Z" }), { pinned: true });
    const group = groupSummary(groupMessage(1, { sentAt: "2026-11-05T12:00:20.000Z" }));
    const empty = groupSummary(null, { id: OTHER_GROUP });
    const list = conversationList([peer, pinnedPeer], [group, empty]);
    expect(list.map((entry) => (entry.kind === "peer" ? entry.conversation.peer : entry.group.id))).toEqual(["erin", GROUP, "dave", OTHER_GROUP]);
  });

  it("addresses a group by a route segment no username can take", () => {
    expect(groupIdOfSegment(groupSegment(GROUP))).toBe(GROUP);
    expect(groupIdOfSegment("alice")).toBeNull();
    expect(groupIdOfSegment("group:not-a-uuid")).toBeNull();
  });
});
