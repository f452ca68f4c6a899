// What the Prisma message store's parts share: the dialect's placeholders and how rows read back.
import { rawBoolean, rawDate } from "../raw-values";
import type { ConversationState, StoredConversation } from "./message-store";

export type Provider = "sqlite" | "postgresql";

/** `count` placeholders numbered from `first`: `?` for SQLite, `$n` for PostgreSQL. */
export const placeholdersFor =
  (provider: Provider) =>
  (count: number, first: number): string[] =>
    Array.from({ length: count }, (_, index) => (provider === "postgresql" ? `$${first + index}` : "?"));

export type Placeholders = ReturnType<typeof placeholdersFor>;

export const messageColumns = {
  seq: true,
  id: true,
  senderId: true,
  recipientId: true,
  clientId: true,
  body: true,
  sentAt: true,
  deliveredAt: true,
} as const;

export const conversationColumns = {
  ownerId: true,
  peerId: true,
  state: true,
  lastSeq: true,
  lastReadSeq: true,
  peerReadSeq: true,
  acknowledged: true,
  pinnedAt: true,
  muted: true,
  markedUnread: true,
} as const;

/** A conversation row as Prisma or raw SQL gives it (raw SQLite: 0/1 booleans, text dates; PostgreSQL: bigint counts). */
type ConversationRow = Omit<StoredConversation, "state" | "lastSeq" | "lastReadSeq" | "peerReadSeq" | "acknowledged" | "pinnedAt" | "muted" | "markedUnread"> & {
  state: string;
  lastSeq: number | bigint;
  lastReadSeq: number | bigint;
  peerReadSeq: number | bigint;
  acknowledged: unknown;
  pinnedAt: Date | string | number | null;
  muted: unknown;
  markedUnread: unknown;
};

export const toConversation = (row: ConversationRow): StoredConversation => ({
  ...row,
  state: row.state as ConversationState,
  lastSeq: Number(row.lastSeq),
  lastReadSeq: Number(row.lastReadSeq),
  peerReadSeq: Number(row.peerReadSeq),
  acknowledged: rawBoolean(row.acknowledged),
  pinnedAt: row.pinnedAt === null ? null : rawDate(row.pinnedAt),
  muted: rawBoolean(row.muted),
  markedUnread: rawBoolean(row.markedUnread),
});

