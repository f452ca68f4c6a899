// The message store in memory (the contract: message-store.ts), over the shared tables of
// memory-tables.ts: what the SQL of the Prisma store does, row by row. Stores at once (no
// group commit), still answering asynchronously.
import { copy, deleteWhere, type MemoryMessage, type MemoryTables, sortBy } from "../memory-tables";
import { DEFAULT_INBOX_SETTINGS } from "./inbox-settings-store";
import { DuplicateMessageError, type MessageStore, type StoredConversation, type StoredMessage } from "./message-store";
import { mergePage } from "./pages";

const stored = ({ seq, id, senderId, recipientId, clientId, body, sentAt, deliveredAt }: MemoryMessage): StoredMessage => ({
  seq,
  id,
  senderId,
  recipientId,
  clientId,
  body,
  sentAt,
  deliveredAt,
});

export function createMemoryMessageStore(tables: MemoryTables): MessageStore {
  const row = (ownerId: string, peerId: string) =>
    tables.conversations.find((conversation) => conversation.ownerId === ownerId && conversation.peerId === peerId);
  const conversationOf = (ownerId: string, peerId: string): StoredConversation | null => {
    const found = row(ownerId, peerId);
    return found ? copy(found) : null;
  };
  const sent = (senderId: string, clientId: string) =>
    tables.messages.find((message) => message.senderId === senderId && message.clientId === clientId);
  /** One direction of a conversation as its owner has it. */
  const received = (ownerId: string, peerId: string | null) => (message: MemoryMessage) =>
    message.recipientId === ownerId && (peerId === null || message.senderId === peerId) && !message.deletedByRecipient;
  const written = (ownerId: string, peerId: string | null) => (message: MemoryMessage) =>
    message.senderId === ownerId && (peerId === null || message.recipientId === peerId) && !message.deletedBySender;
  /** At most `take` of the messages picked, by seq. */
  const range = (picked: (message: MemoryMessage) => boolean, order: "asc" | "desc", take: number) =>
    sortBy(tables.messages.filter(picked), (message) => message.seq, order).slice(0, take).map(stored);

  /** The conversations the owner's inbox lists: accepted ones and requests, with a message. */
  const listedOf = (ownerId: string) =>
    tables.conversations.filter(
      (side) => side.ownerId === ownerId && side.lastSeq > 0 && (side.state === "accepted" || side.state === "request"),
    );

  /** Moves one side's conversation to a new message (creating it in `state`). */
  function touch(ownerId: string, peerId: string, seq: number, accepted: boolean) {
    const side = row(ownerId, peerId);
    if (!side) {
      tables.conversations.push({
        ownerId,
        peerId,
        state: accepted ? "accepted" : "request",
        lastSeq: seq,
        lastReadSeq: 0,
        peerReadSeq: 0,
        acknowledged: true,
        pinnedAt: null,
        muted: false,
        markedUnread: false,
      });
      return;
    }
    if (accepted) side.state = "accepted";
    side.lastSeq = seq;
  }

  return {
    async sendFacts(senderId, recipientId, clientId) {
      const earlier = sent(senderId, clientId);
      const inbox = tables.inboxes.find((candidate) => candidate.userId === recipientId);
      return {
        earlier: earlier ? stored(earlier) : null,
        settings: inbox
          ? { acceptFrom: inbox.acceptFrom, readReceipts: inbox.readReceipts, notifyWhileBusy: inbox.notifyWhileBusy }
          : DEFAULT_INBOX_SETTINGS,
        recipientSide: conversationOf(recipientId, senderId),
        senderSide: conversationOf(senderId, recipientId),
      };
    },

    async findSent(senderId, clientId) {
      const message = sent(senderId, clientId);
      return message ? stored(message) : null;
    },

    async conversation(ownerId, peerId) {
      return conversationOf(ownerId, peerId);
    },

    async conversationsWith(ownerId, peerIds) {
      return tables.conversations.filter((side) => side.ownerId === ownerId && peerIds.includes(side.peerId)).map(copy);
    },

    async listed(ownerId, limit) {
      const shown = sortBy(listedOf(ownerId), (side) => side.lastSeq, "desc");
      return [...shown.filter((side) => side.pinnedAt !== null), ...shown.filter((side) => side.pinnedAt === null)]
        .slice(0, limit)
        .map((side) => ({
          ...copy(side),
          unread:
            side.lastSeq > side.lastReadSeq
              ? tables.messages.filter((message) => received(ownerId, side.peerId)(message) && message.seq > side.lastReadSeq).length
              : 0,
        }));
    },

    async add(message, recipientState) {
      if (sent(message.senderId, message.clientId)) throw new DuplicateMessageError();
      const seq = ++tables.lastSeq;
      tables.messages.push({
        ...message,
        seq,
        deliveredAt: null,
        readAt: null,
        deletedBySender: false,
        deletedByRecipient: recipientState === null,
      });
      touch(message.senderId, message.recipientId, seq, true);
      if (recipientState !== null) touch(message.recipientId, message.senderId, seq, recipientState === "accepted");
      return { ...message, seq, deliveredAt: null };
    },

    async unconfirmed(recipientId, ids) {
      return sortBy(
        tables.messages.filter((message) => ids.includes(message.id) && received(recipientId, null)(message) && message.deliveredAt === null),
        (message) => message.seq,
      ).map(({ id, senderId }) => ({ id, senderId }));
    },

    async confirmDelivered(recipientId, ids, at) {
      const confirmed = sortBy(
        tables.messages.filter((message) => {
          if (!ids.includes(message.id) || !received(recipientId, null)(message) || message.deliveredAt !== null) return false;
          const side = row(recipientId, message.senderId);
          return side?.state === "accepted" && side.acknowledged;
        }),
        (message) => message.seq,
      );
      for (const message of confirmed) message.deliveredAt = at;
      return confirmed.map(({ id, senderId }) => ({ id, senderId }));
    },

    async bySeq(seqs) {
      return range((message) => seqs.includes(message.seq), "asc", Infinity);
    },

    async page(ownerId, peerId, beforeSeq, limit) {
      const before = (message: MemoryMessage) => beforeSeq === undefined || message.seq < beforeSeq;
      return mergePage(
        range((message) => received(ownerId, peerId)(message) && before(message), "desc", limit + 1),
        range((message) => written(ownerId, peerId)(message) && before(message), "desc", limit + 1),
        limit,
        "desc",
      );
    },

    async after(ownerId, afterSeq, limit) {
      return mergePage(
        range((message) => received(ownerId, null)(message) && message.seq > afterSeq, "asc", limit + 1),
        range((message) => written(ownerId, null)(message) && message.seq > afterSeq, "asc", limit + 1),
        limit,
        "asc",
      );
    },

    async archive(ownerId, { peerId, afterSeq, beforeSeq, start, end, limit, order }) {
      const within = (message: MemoryMessage) =>
        (afterSeq === undefined || message.seq > afterSeq) &&
        (beforeSeq === undefined || message.seq < beforeSeq) &&
        (start === undefined || message.sentAt >= start) &&
        (end === undefined || message.sentAt <= end);
      return mergePage(
        range((message) => received(ownerId, peerId)(message) && within(message), order, limit + 1),
        range((message) => written(ownerId, peerId)(message) && within(message), order, limit + 1),
        limit,
        order,
      );
    },

    async unreadCount(ownerId, peerId, lastReadSeq) {
      return tables.messages.filter((message) => received(ownerId, peerId)(message) && message.seq > lastReadSeq).length;
    },

    async undeliveredFrom(ownerId, peerId, upToSeq) {
      return range(
        (message) =>
          received(ownerId, peerId)(message) && message.deliveredAt === null && (upToSeq === undefined || message.seq <= upToSeq),
        "asc",
        Infinity,
      ).map(({ id, senderId }) => ({ id, senderId }));
    },

    async undelivered(ownerId, limit) {
      return range((message) => received(ownerId, null)(message) && message.deliveredAt === null, "asc", limit);
    },

    async markDelivered(ids, at) {
      for (const message of tables.messages) if (ids.includes(message.id) && message.deliveredAt === null) message.deliveredAt = at;
    },

    async markRead(conversation, upToSeq, at) {
      const { ownerId, peerId } = conversation;
      const target = Math.min(upToSeq, conversation.lastSeq);
      if (target <= conversation.lastReadSeq) return null;
      const side = row(ownerId, peerId);
      const moved = side !== undefined && side.lastReadSeq < target;
      if (moved) side.lastReadSeq = target;
      for (const message of tables.messages) {
        if (message.recipientId === ownerId && message.senderId === peerId && message.seq <= target && message.readAt === null) {
          message.readAt = at;
        }
      }
      return moved ? target : null;
    },

    async advancePeerRead(ownerId, peerId, seq) {
      const side = row(ownerId, peerId);
      if (!side || side.peerReadSeq >= seq) return false;
      side.peerReadSeq = seq;
      return true;
    },

    async accept(ownerId, peerId) {
      const side = row(ownerId, peerId);
      if (side?.state !== "request") return false;
      side.state = "accepted";
      side.acknowledged = false;
      return true;
    },

    async acknowledge(ownerId, peerId) {
      const side = row(ownerId, peerId);
      if (!side || side.acknowledged) return false;
      side.acknowledged = true;
      return true;
    },

    async clear(conversation, state) {
      const { ownerId, peerId, lastSeq } = conversation;
      for (const message of tables.messages) {
        if (message.seq > lastSeq) continue;
        if (message.senderId === ownerId && message.recipientId === peerId) message.deletedBySender = true;
        if (message.recipientId === ownerId && message.senderId === peerId) message.deletedByRecipient = true;
      }
      const side = row(ownerId, peerId);
      if (side && side.lastSeq === lastSeq) {
        side.lastSeq = 0;
        side.lastReadSeq = Math.max(lastSeq, conversation.lastReadSeq);
        side.pinnedAt = null;
        side.markedUnread = false;
      }
      if (side && state) side.state = state;
    },

    async remove(ownerId, ids) {
      const picked = sortBy(
        tables.messages.filter((message) => ids.includes(message.id) && (written(ownerId, null)(message) || received(ownerId, null)(message))),
        (message) => message.seq,
      );
      for (const message of picked) {
        if (message.senderId === ownerId) message.deletedBySender = true;
        else message.deletedByRecipient = true;
      }
      return picked.map((message) => ({ id: message.id, peerId: message.senderId === ownerId ? message.recipientId : message.senderId }));
    },

    async refreshLastSeq(conversation) {
      const { ownerId, peerId } = conversation;
      const remaining = tables.messages.filter((message) => received(ownerId, peerId)(message) || written(ownerId, peerId)(message));
      const newest = Math.max(0, ...remaining.map((message) => message.seq));
      const side = row(ownerId, peerId);
      if (side && side.lastSeq === conversation.lastSeq) side.lastSeq = newest;
    },

    async setFlags(ownerId, peerId, flags) {
      const side = row(ownerId, peerId);
      if (!side) return false;
      const pinChanges = flags.pinnedAt !== undefined && (flags.pinnedAt === null) !== (side.pinnedAt === null);
      const changed =
        pinChanges ||
        (flags.muted !== undefined && flags.muted !== side.muted) ||
        (flags.markedUnread !== undefined && flags.markedUnread !== side.markedUnread);
      if (!changed) return false;
      for (const [key, value] of Object.entries(flags)) if (value !== undefined) Object.assign(side, { [key]: value });
      return true;
    },

    async pinnedCount(ownerId) {
      return listedOf(ownerId).filter((side) => side.pinnedAt !== null).length;
    },
  };
}

/** Forgets an account's side of every message and its conversations (see the account store's tombstone). */
export function dropMessagingOf(tables: MemoryTables, userId: string): void {
  for (const message of tables.messages) {
    if (message.recipientId === userId) message.deletedByRecipient = true;
    if (message.senderId === userId) message.deletedBySender = true;
  }
  deleteWhere(tables.conversations, (side) => side.ownerId === userId);
  deleteWhere(tables.inboxes, (inbox) => inbox.userId === userId);
}
