// What the Prisma message store's parts share: the dialect's placeholders and how rows read back.
import { rawBoolean } from "../raw-values";
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
} as const;

export const toConversation = (row: Omit<StoredConversation, "state" | "acknowledged"> & { state: string; acknowledged: unknown }): StoredConversation => ({
  ...row,
  state: row.state as ConversationState,
  acknowledged: rawBoolean(row.acknowledged),
});

