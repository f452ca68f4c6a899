// The rows the in-memory stores share, one array per table, as the database would hold them:
// the in-memory twins of the Prisma stores read and write the same tables, so that a join
// (presence over accounts, send facts over inbox settings) and an account's deletion reach
// every store as they do in SQL. For unit tests of services and for the storage contract
// suites (tests/contracts); nothing here persists.
import type { AccountRow, SessionRow } from "./accounts/account-store";
import type { AuditRow, InviteRow } from "./accounts/admin-store";
import type { AccessTokenRow } from "./accounts/token-store";
import type { StoredAttachment, StoredBlob } from "./attachments/attachment-store";
import type { InboxSettings } from "@/lib/protocol/im";
import type { ChangeKind, StoredReaction } from "./im/message-change-store";
import type { StoredConversation, StoredMessage } from "./im/message-store";
import type { StoredGroup, StoredGroupChange, StoredGroupMember, StoredGroupMessage, StoredGroupReaction } from "./groups/group-store";
import type { SubscriptionState } from "@/lib/protocol/buddy-list";
import type { BasicStatus, TupleMeans } from "@/lib/protocol/presence";
import type { StoredRule, StoredVisibility } from "./presence/access-rule-store";
import { DEFAULT_WATCHER_RETENTION_DAYS, type StoredPresentity } from "./presence/presence-store";
import type { WatchDay, WatchRecord } from "./presence/watch-store";
import type { PushPreferences, StoredPushSubscription } from "./push/push-store";

/** A presentity row: what the presence store answers, less what it joins from the account and tuples. */
export type MemoryPresentity = Omit<StoredPresentity, "username" | "displayName" | "userTuples">;

/** A message row: what the message store answers, with the read mark and each side's deletion. */
export type MemoryMessage = StoredMessage & {
  readAt: Date | null;
  deletedBySender: boolean;
  deletedByRecipient: boolean;
  /** Replies, edits and deletions for everyone (message-change-store.ts); absent: none. */
  replyToSeq?: number | null;
  editedAt?: Date | null;
  retractedAt?: Date | null;
  senderBody?: string | null;
  senderEditedAt?: Date | null;
  senderRetractedAt?: Date | null;
};

export type MemoryTables = {
  /** The clock of default column values (createdAt, updatedAt). */
  now: () => Date;
  users: AccountRow[];
  sessions: SessionRow[];
  presentities: MemoryPresentity[];
  tuples: { id: string; userId: string; position: number; means: TupleMeans; address: string; label: string | null; status: BasicStatus }[];
  subscriptions: { watcherId: string; presentityId: string; state: SubscriptionState; createdAt: Date; updatedAt: Date }[];
  groups: { id: string; ownerId: string; name: string; position: number }[];
  members: { groupId: string; contactId: string }[];
  rules: (StoredRule & { position: number })[];
  visibility: StoredVisibility[];
  watchRecords: WatchRecord[];
  watchDays: WatchDay[];
  tokens: AccessTokenRow[];
  inboxes: (InboxSettings & { userId: string })[];
  messages: MemoryMessage[];
  conversations: StoredConversation[];
  reactions: StoredReaction[];
  messageChanges: {
    seq: number;
    messageSeq: number;
    actorId: string;
    peerId: string;
    kind: ChangeKind;
    hidden: boolean;
    clientId: string;
    at: Date;
  }[];
  invites: InviteRow[];
  audit: AuditRow[];
  pushSubscriptions: StoredPushSubscription[];
  pushPreferences: (PushPreferences & { userId: string })[];
  /** Ranges as JSON text, as the QuietHours table keeps them. */
  quietHours: { userId: string; zone: string; ranges: string; updatedAt: Date }[];
  xmppCursors: { userId: string; resource: string; seq: number }[];
  attachments: StoredAttachment[];
  attachmentBlobs: (StoredBlob & { createdAt: Date })[];
  /** Group conversations (groups/group-store.ts; `groups` above are contact groups). */
  groupConversations: StoredGroup[];
  groupMembers: StoredGroupMember[];
  groupMessages: StoredGroupMessage[];
  groupReactions: StoredGroupReaction[];
  groupChanges: (StoredGroupChange & { groupSeq: number; at: Date })[];
  /** The seq of the newest message (seqs start at 1, as the databases' do). */
  lastSeq: number;
  /** The seq of the newest group message. */
  lastGroupSeq: number;
  /** The seq of the newest message change. */
  lastChangeSeq: number;
  /** The seq of the newest group message change. */
  lastGroupChangeSeq: number;
};

export function createMemoryTables(now: () => Date = () => new Date()): MemoryTables {
  return {
    now,
    users: [],
    sessions: [],
    presentities: [],
    tuples: [],
    subscriptions: [],
    groups: [],
    members: [],
    rules: [],
    visibility: [],
    watchRecords: [],
    watchDays: [],
    tokens: [],
    inboxes: [],
    messages: [],
    conversations: [],
    reactions: [],
    messageChanges: [],
    invites: [],
    audit: [],
    pushSubscriptions: [],
    pushPreferences: [],
    quietHours: [],
    xmppCursors: [],
    attachments: [],
    attachmentBlobs: [],
    groupConversations: [],
    groupMembers: [],
    groupMessages: [],
    groupReactions: [],
    groupChanges: [],
    lastSeq: 0,
    lastGroupSeq: 0,
    lastChangeSeq: 0,
    lastGroupChangeSeq: 0,
  };
}

/** Removes the rows a predicate picks, in place; returns how many went. */
export function deleteWhere<T>(rows: T[], picked: (row: T) => boolean): number {
  let kept = 0;
  for (const row of rows) if (!picked(row)) rows[kept++] = row;
  const removed = rows.length - kept;
  rows.length = kept;
  return removed;
}

/** The presentity row of an account, created with the columns' defaults when missing. */
export function presentityRow(tables: MemoryTables, userId: string): MemoryPresentity {
  let row = tables.presentities.find((candidate) => candidate.userId === userId);
  if (!row) {
    row = {
      userId,
      version: 0,
      availability: "available",
      note: null,
      statusExpiresAt: null,
      lastSeenAt: null,
      invisible: false,
      watcherRetentionDays: DEFAULT_WATCHER_RETENTION_DAYS,
      customRules: false,
      updatedAt: tables.now(),
    };
    tables.presentities.push(row);
  }
  return row;
}

/** A copy of a row (callers must not reach into the tables through what a store answers). */
export const copy = <T extends object>(row: T): T => ({ ...row });

/** A stable sort by a numeric, string or date key, ascending or descending. */
export function sortBy<T>(rows: T[], key: (row: T) => number | string | Date, order: "asc" | "desc" = "asc"): T[] {
  const sign = order === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const left = x instanceof Date ? x.getTime() : x;
    const right = y instanceof Date ? y.getTime() : y;
    return left < right ? -sign : left > right ? sign : 0;
  });
}
