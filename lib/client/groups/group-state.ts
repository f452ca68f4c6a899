// Group conversations as this tab knows them: the groups (summaries with unread counts, group
// requests among them), the history loaded for each group (oldest first), the outbox of group
// messages not yet acknowledged, who is typing in each group, and the catch-up cursor (the
// newest group seq seen); and the events that change them (group-store.ts applies them).
import type { ProtocolError } from "@/lib/protocol/errors";
import type {
  GroupMessagePage,
  GroupMessageView,
  GroupReceiptsChanged,
  GroupSnapshot,
  GroupSummary,
  GroupTypingNotice,
} from "@/lib/protocol/groups";

/** A group message I sent that the server has not acknowledged yet. */
export type GroupOutboxEntry = {
  /** Chosen once, before the first attempt, and reused for every retry. */
  clientId: string;
  groupId: string;
  body: string;
  replyTo?: string;
  attachments?: string[];
  createdAt: string;
  state: "sending" | "failed";
  error: ProtocolError | null;
};

export type GroupHistory = {
  /** Oldest first, by seq. */
  messages: GroupMessageView[];
  hasMore: boolean;
  phase: "loading" | "ready" | "failed";
  loadingOlder: boolean;
  /** Loaded before a reconnect: changes may have been missed, so the newest page is fetched again. */
  stale: boolean;
  error: ProtocolError | null;
};

export type GroupsState = {
  loaded: boolean;
  /** Pinned first, newest first; requests are those with `state: "request"`. */
  groups: GroupSummary[];
  /** The newest group seq seen: where `group:sync` starts after a reconnect. */
  cursor: number | null;
  /** The newest group change seq seen: where catching up with changes starts after a reconnect. */
  changeCursor: number | null;
  /** By group id. */
  histories: ReadonlyMap<string, GroupHistory>;
  outbox: GroupOutboxEntry[];
  /** By group id: who is typing there now, in the order they started. */
  typing: ReadonlyMap<string, readonly string[]>;
};

export type GroupsEvent =
  | { type: "snapshot"; snapshot: GroupSnapshot }
  | { type: "changed"; summary: GroupSummary }
  | { type: "removed"; groupId: string }
  /** From `group:received`, a catch-up page or a history page: maybe one already known. */
  | { type: "message"; message: GroupMessageView }
  | { type: "sent"; clientId: string; message: GroupMessageView }
  /** Edited, deleted for everyone, reacted to (live with its change seq, from catch-up, or my own answer). */
  | { type: "message-changed"; message: GroupMessageView; changeSeq?: number }
  /** A catch-up page of changes got this far. */
  | { type: "change-cursor"; changeCursor: number }
  | { type: "receipts"; changed: GroupReceiptsChanged }
  | { type: "typing"; notice: GroupTypingNotice }
  /** I read up to this seq here (my own mark, applied before the server's summary comes back). */
  | { type: "read"; groupId: string; upToSeq: number }
  | { type: "history-loading"; groupId: string; older: boolean }
  | { type: "history-page"; groupId: string; page: GroupMessagePage; older: boolean }
  | { type: "history-failed"; groupId: string; error: ProtocolError }
  | { type: "queued"; entry: GroupOutboxEntry }
  | { type: "send-failed"; clientId: string; error: ProtocolError }
  | { type: "retry"; clientId: string }
  | { type: "discard"; clientId: string }
  | { type: "reset" };

export const initialGroupsState: GroupsState = {
  loaded: false,
  groups: [],
  cursor: null,
  changeCursor: null,
  histories: new Map(),
  outbox: [],
  typing: new Map(),
};
