import { describe, expect, it } from "vitest";
import { message, summary } from "@/lib/client/testing/inbox-fixtures";
import { inListOrder, shownUnread } from "./conversation-marks";
import { totalUnread } from "./inbox-view";

describe("inListOrder", () => {
  it("puts pinned conversations first, newest first among them, then the rest newest first", () => {
    const list = [
      summary("old", message(1, { peer: "old" })),
      summary("pinned-old", message(2, { peer: "pinned-old" }), { pinned: true }),
      summary("new", message(5, { peer: "new" })),
      summary("pinned-new", message(4, { peer: "pinned-new" }), { pinned: true }),
    ];
    expect([...list].sort(inListOrder).map((conversation) => conversation.peer)).toEqual(["pinned-new", "pinned-old", "new", "old"]);
  });
});

describe("shownUnread", () => {
  it("counts a conversation marked unread as at least one, and otherwise its unread messages", () => {
    expect(shownUnread({ unread: 0, markedUnread: false })).toBe(0);
    expect(shownUnread({ unread: 0, markedUnread: true })).toBe(1);
    expect(shownUnread({ unread: 3, markedUnread: true })).toBe(3);
    expect(shownUnread({ unread: 2, markedUnread: false })).toBe(2);
  });

  it("makes the inbox's total (nav badge, tab title) count the mark", () => {
    const list = [
      summary("a", message(1, { peer: "a" }), { markedUnread: true }),
      summary("b", message(2, { peer: "b" }), { unread: 2 }),
      summary("c", message(3, { peer: "c" }), { unread: 1, markedUnread: true, muted: true }),
    ];
    expect(totalUnread(list)).toBe(4);
  });
});
