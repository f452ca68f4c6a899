// Group messages and summaries for the group client's unit tests.
import type { GroupMessageView, GroupSnapshot, GroupSummary } from "@/lib/protocol/groups";

export const GROUP = "20000000-0000-4000-8000-000000000001";
export const OTHER_GROUP = "20000000-0000-4000-8000-000000000002";

/** A message in GROUP from bob unless told otherwise; ids derived from seq. */
export function groupMessage(seq: number, overrides: Partial<GroupMessageView> = {}): GroupMessageView {
  const direction = overrides.direction ?? "incoming";
  return {
    id: `30000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    groupId: GROUP,
    seq,
    sender: direction === "outgoing" ? "alice" : "bob",
    direction,
    clientId: direction === "outgoing" ? `40000000-0000-4000-8000-${String(seq).padStart(12, "0")}` : null,
    body: `message ${seq}`,
    sentAt: new Date(Date.UTC(2026, 10, 5, 12, 0, seq)).toISOString(),
    event: null,
    hidden: false,
    mentionsYou: false,
    editedAt: null,
    retracted: false,
    replyTo: null,
    attachments: [],
    reactions: [],
    receipts: direction === "outgoing" ? { delivered: 0, read: 0, of: 2 } : null,
    ...overrides,
  };
}

export function groupSummary(lastMessage: GroupMessageView | null, overrides: Partial<GroupSummary> = {}): GroupSummary {
  return {
    id: lastMessage?.groupId ?? GROUP,
    name: null,
    title: "bob and carol",
    members: [
      { username: "alice", displayName: "Alice", role: "creator", state: "member" },
      { username: "bob", displayName: "Bob", role: "member", state: "member" },
      { username: "carol", displayName: "Carol", role: "member", state: "member" },
    ],
    state: "member",
    role: "creator",
    unread: 0,
    mentioned: false,
    lastReadSeq: 0,
    lastMessage,
    pinned: false,
    muted: false,
    markedUnread: false,
    ...overrides,
  };
}

export function groupSnapshot(groups: GroupSummary[], cursor?: number, changeCursor = 0): GroupSnapshot {
  return { groups, cursor: cursor ?? Math.max(0, ...groups.map((group) => group.lastMessage?.seq ?? 0)), changeCursor };
}
