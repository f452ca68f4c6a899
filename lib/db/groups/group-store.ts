// Storage of group conversations: the group, each person's place in it (a range of the group's
// seqs: the member's inbox index), and its messages, stored once however many members it has.
// seqs are one space across all groups, growing in commit order, so one cursor catches a member
// up with every group. Implementations: prisma-group-store.ts (SQLite, PostgreSQL),
// memory-group-store.ts; tests/contracts/group-conversation-store.test.ts holds both to it.
// (Not the buddy list's contact groups: lib/db/presence/group-store.ts.)
import type { GroupRole } from "@/lib/protocol/groups";

export type { GroupRole };
export type MemberState = "member" | "invited" | "left" | "removed" | "declined";

export type StoredGroup = { id: string; name: string | null; creatorId: string; clientId: string; createdAt: Date };

export type StoredGroupMember = {
  groupId: string;
  userId: string;
  role: GroupRole;
  state: MemberState;
  addedById: string;
  /** The line that brought the member in (this time): members are ordered by it. */
  enteredSeq: number;
  /** The first seq the member gets (its "added" line; the first line for those in it from the start). */
  fromSeq: number;
  /** The last seq it gets (its "left"/"removed" line); null while it is in the group. */
  untilSeq: number | null;
  deliveredSeq: number;
  readSeq: number;
  /** Deleted from the member's own list up to here. */
  clearedSeq: number;
  pinnedAt: Date | null;
  muted: boolean;
  markedUnread: boolean;
  /** When the member entered (this time): the oldest becomes creator when the creator leaves. */
  joinedAt: Date;
};

export type StoredGroupMessage = {
  seq: number;
  id: string;
  groupId: string;
  senderId: string;
  clientId: string;
  body: string;
  /** A system line: JSON of what happened (see lib/im/groups/system-lines.ts); null for a message. */
  event: string | null;
  sentAt: Date;
  replyToSeq: number | null;
  editedAt: Date | null;
  retractedAt: Date | null;
};

export type NewGroupMessage = Pick<StoredGroupMessage, "id" | "groupId" | "senderId" | "clientId" | "body" | "sentAt"> & {
  event?: string | null;
  replyToSeq?: number | null;
};

/** What a system line does to one member's row, with the line's seq. */
export type MemberMove =
  /** Enters (first time or again): fromSeq = the line, untilSeq null, role and state set. */
  | { kind: "enter"; userId: string; role: GroupRole; state: "member" | "invited"; addedById: string }
  /** Goes: untilSeq = the line (it still gets the line saying so). */
  | { kind: "exit"; userId: string; state: "left" | "removed" | "declined" }
  /** An invited member accepts. */
  | { kind: "join"; userId: string };

export type StoredGroupReaction = { messageSeq: number; userId: string; emoji: string; createdAt: Date };

/** A change to a message already stored, in the group change log (its own seq space). */
export type StoredGroupChange = { seq: number; groupId: string; messageSeq: number; actorId: string; kind: "react" | "edit" | "retract" };

/** A page of the change log: `cursor` is the newest change read (past those a caller leaves out). */
export type GroupChangePage = { changes: StoredGroupChange[]; cursor: number; hasMore: boolean };

/** A system line and what it does. */
export type MembershipChange = { line: NewGroupMessage; move?: MemberMove };

export type MemberFlags = Partial<Pick<StoredGroupMember, "pinnedAt" | "muted" | "markedUnread">>;

/** A member's delivered and read marks. */
export type Marks = { deliveredSeq: number; readSeq: number };

/** Where a member's marks should move to (each only forward; read implies delivered). */
export type MarkAdvance = { userId: string; deliveredSeq?: number; readSeq?: number };

/** The member's range of a group, as reads filter by it. */
export type MemberRange = { fromSeq: number; untilSeq: number | null; clearedSeq: number };

/** One member's list entry of a group, as overviews reads it. */
export type OverviewRequest = { groupId: string; userId: string; range: MemberRange; readSeq: number; unreadOmit: string[]; lastOmit: string[] };

/** The sender already stored a group message with this client id. */
export class DuplicateGroupMessageError extends Error {
  constructor() {
    super("duplicate_group_message");
  }
}

export interface GroupConversationStore {
  /**
   * Creates a group with its first lines (created, then one "added" per member) and members,
   * in one transaction; every member starts at the first line. Resolves null when the creator already used this client id (a retry:
   * findCreated has it).
   */
  create(group: Omit<StoredGroup, "createdAt">, changes: MembershipChange[]): Promise<StoredGroup | null>;
  findCreated(creatorId: string, clientId: string): Promise<StoredGroup | null>;
  group(groupId: string): Promise<StoredGroup | null>;
  /** Every row of the group (past members too), oldest entry first (by enteredSeq). */
  members(groupId: string): Promise<StoredGroupMember[]>;
  member(groupId: string, userId: string): Promise<StoredGroupMember | null>;
  /** These groups (those that exist), and every row of each (as members gives them), in a few statements. */
  groupsWithMembers(groupIds: string[]): Promise<{ group: StoredGroup; members: StoredGroupMember[] }[]>;
  /** The account's rows in every group (any state). */
  membershipsOf(userId: string): Promise<StoredGroupMember[]>;
  /** Writes system lines and moves members, in order, in one transaction; returns the lines stored. */
  change(groupId: string, changes: MembershipChange[]): Promise<StoredGroupMessage[]>;
  rename(groupId: string, name: string | null, line: NewGroupMessage): Promise<StoredGroupMessage>;
  setRole(groupId: string, userId: string, role: GroupRole): Promise<void>;
  /**
   * Stores a message (group commit: with those that arrive while a write is in flight). Throws
   * DuplicateGroupMessageError for a client id the sender used before.
   */
  add(message: NewGroupMessage): Promise<StoredGroupMessage>;
  findSent(senderId: string, clientId: string): Promise<StoredGroupMessage | null>;
  byId(id: string): Promise<StoredGroupMessage | null>;
  bySeq(seqs: number[]): Promise<StoredGroupMessage[]>;
  /** A page of the group within the range, newest first; messages (not system lines) of `omit` senders left out. */
  page(groupId: string, range: MemberRange, beforeSeq: number | undefined, limit: number, omit: string[]): Promise<{ messages: StoredGroupMessage[]; hasMore: boolean }>;
  /**
   * Everything the account has after a seq across its groups (states member, invited, left,
   * removed; within each range, above its clearedSeq), oldest first.
   */
  after(userId: string, afterSeq: number, limit: number): Promise<{ messages: StoredGroupMessage[]; hasMore: boolean }>;
  /** Messages (not system lines) in the range above `afterSeq`, not sent by the member nor by `omit`. */
  unreadCount(groupId: string, userId: string, range: MemberRange, afterSeq: number, omit: string[]): Promise<number>;
  /** The newest seq of the group (0 when none). */
  lastSeq(groupId: string): Promise<number>;
  /** The newest seq of each group (0 when none), in one statement. */
  lastSeqs(groupIds: string[]): Promise<Map<string, number>>;
  /**
   * What each member's list entry shows, in a few statements however many: its unread count (as
   * unreadCount with `unreadOmit`) and the seq of its newest line (as page(…, 1, `lastOmit`); null when none).
   */
  overviews(requests: OverviewRequest[]): Promise<{ unread: number; lastSeq: number | null }[]>;
  /** Moves the member's marks forward (never back); returns the marks now, null without a row. */
  advance(groupId: string, userId: string, marks: { deliveredSeq?: number; readSeq?: number }): Promise<{ deliveredSeq: number; readSeq: number } | null>;
  /**
   * Moves several members' marks forward at once (never back), in one transaction; returns the
   * marks now of those with a row.
   */
  advanceMany(groupId: string, marks: MarkAdvance[]): Promise<Map<string, Marks>>;
  setFlags(groupId: string, userId: string, flags: MemberFlags): Promise<void>;
  /** The member deletes the group's history from its list up to a seq. */
  clear(groupId: string, userId: string, upToSeq: number): Promise<void>;
  /** Reactions to these messages, oldest first. */
  reactions(seqs: number[]): Promise<StoredGroupReaction[]>;
  /**
   * Adds (on) or removes a reaction; adding one that exists or removing one that does not changes
   * nothing. Like edit and retract, it logs the change (with the group's newest seq then) in the
   * same transaction, in commit order, and returns its change seq.
   */
  react(messageSeq: number, userId: string, emoji: string, on: boolean, at: Date): Promise<number>;
  /** Rewrites a message's body (the earlier text is not kept); the sender is the actor. */
  edit(messageSeq: number, body: string, at: Date): Promise<number>;
  /** Deletes a message for everyone: its body goes, its row stays as a tombstone. */
  retract(messageSeq: number, at: Date): Promise<number>;
  /**
   * Changes after a change seq to messages the account holds (states member, invited, left,
   * removed; the message within its range above clearedSeq; made before its range ended), oldest
   * first. Blocks are the caller's to apply.
   */
  changesFor(userId: string, afterSeq: number, limit: number): Promise<GroupChangePage>;
  /** The newest change seq in the account's groups (0 when none): where catching up starts. */
  newestChange(userId: string): Promise<number>;
}
