// Reads everything an account owns, for "export my data" (format: docs/export.md).
// Implementations: prisma-export-store.ts, memory-export-store.ts. The rows are as stored.
import type { AccessTokenRow } from "./token-store";

export type ExportedAccount = {
  user: { username: string; displayName: string; createdAt: Date };
  presentity: {
    availability: string;
    note: string | null;
    statusExpiresAt: Date | null;
    lastSeenAt: Date | null;
    invisible: boolean;
  } | null;
  /** In order. */
  tuples: { id: string; means: string; address: string; label: string | null; status: string }[];
  /** In order, with their members. */
  groups: { id: string; name: string; position: number; members: { contactId: string }[] }[];
  /** Whom the account watches, with their names. */
  watching: { presentityId: string; state: string; createdAt: Date; presentity: { username: string; displayName: string } }[];
  /** Its watchers, by id only: how each may be named is watcher information's to decide. */
  watchers: { watcherId: string; state: string; createdAt: Date }[];
  /** Its access rules in order; `hiddenTupleIds` as stored (JSON). */
  rules: {
    id: string;
    subjectType: string;
    subjectId: string | null;
    action: string;
    hiddenTupleIds: string;
    hideLastSeen: boolean;
  }[];
  visibility: { watcherId: string; presentityId: string; visibility: string }[];
  tokens: AccessTokenRow[];
  inbox: { acceptFrom: string; readReceipts: boolean; notifyWhileBusy: boolean } | null;
  conversations: {
    peerId: string;
    state: string;
    lastSeq: number;
    lastReadSeq: number;
    pinnedAt: Date | null;
    muted: boolean;
    markedUnread: boolean;
    peer: { username: string };
  }[];
  /** The messages it still has, oldest first. */
  messages: {
    id: string;
    seq: number;
    body: string;
    sentAt: Date;
    deliveredAt: Date | null;
    readAt: Date | null;
    sender: { username: string };
    recipient: { username: string };
  }[];
  /** Its Web Push devices, oldest first: the browser each subscribed from, and when (never the endpoint or keys). */
  pushDevices: { userAgent: string | null; createdAt: Date }[];
  pushPreference: { showText: boolean } | null;
  /** Its quiet hours as stored (ranges as JSON text). */
  quietHours: { zone: string; ranges: string } | null;
  /** Names for the ids that rules, groups and visibility rules refer to. */
  names: Map<string, string>;
};

export interface ExportStore {
  /** Throws for an account that does not exist. */
  collect(userId: string): Promise<ExportedAccount>;
}
