// The message change store in memory (the contract: message-change-store.ts), over the shared
// tables of memory-tables.ts.
import { copy, deleteWhere, type MemoryMessage, type MemoryTables } from "../memory-tables";
import type { InboxSettings } from "@/lib/protocol/im";
import { DEFAULT_INBOX_SETTINGS } from "./inbox-settings-store";
import { DuplicateChangeError, type MessageChangeStore, type MessageDetails } from "./message-change-store";
import { changesPage } from "./prisma-message-change-store";

const detailsOf = (message: MemoryMessage): MessageDetails => ({
  seq: message.seq,
  id: message.id,
  senderId: message.senderId,
  recipientId: message.recipientId,
  clientId: message.clientId,
  sentAt: message.sentAt,
  deliveredAt: message.deliveredAt,
  body: message.body,
  deletedBySender: message.deletedBySender,
  deletedByRecipient: message.deletedByRecipient,
  replyToSeq: message.replyToSeq ?? null,
  editedAt: message.editedAt ?? null,
  retractedAt: message.retractedAt ?? null,
  senderBody: message.senderBody ?? null,
  senderEditedAt: message.senderEditedAt ?? null,
  senderRetractedAt: message.senderRetractedAt ?? null,
});

export function createMemoryMessageChangeStore(tables: MemoryTables): MessageChangeStore {
  const heardBy = (viewerId: string) => (change: MemoryTables["messageChanges"][number]) =>
    change.actorId === viewerId || (change.peerId === viewerId && !change.hidden);
  const conversationOf = (ownerId: string, peerId: string) => {
    const row = tables.conversations.find((candidate) => candidate.ownerId === ownerId && candidate.peerId === peerId);
    return row ? copy(row) : null;
  };
  const settingsOf = (userId: string): InboxSettings => {
    const row = tables.inboxes.find((inbox) => inbox.userId === userId);
    return row ? { acceptFrom: row.acceptFrom, readReceipts: row.readReceipts, notifyWhileBusy: row.notifyWhileBusy } : DEFAULT_INBOX_SETTINGS;
  };
  return {
    async changeFacts(actorId, messageId, clientId) {
      const change = tables.messageChanges.find((row) => row.actorId === actorId && row.clientId === clientId);
      const earlier = change ? { seq: change.seq, messageSeq: change.messageSeq, kind: change.kind } : null;
      const message = tables.messages.find((candidate) => candidate.id === messageId);
      if (!message) return { earlier, message: null };
      const peerId = message.senderId === actorId ? message.recipientId : message.senderId;
      return {
        earlier,
        message: {
          details: detailsOf(message),
          peerId,
          attached: tables.attachments.some((attachment) => attachment.messageId === message.id),
          actorSide: conversationOf(actorId, peerId),
          peerSide: conversationOf(peerId, actorId),
          actorSettings: settingsOf(actorId),
          peerSettings: settingsOf(peerId),
        },
      };
    },

    async details(seqs) {
      return tables.messages.filter((message) => seqs.includes(message.seq)).map(detailsOf);
    },

    async detailsById(id) {
      const message = tables.messages.find((candidate) => candidate.id === id);
      return message ? detailsOf(message) : null;
    },

    async reactions(seqs) {
      return tables.reactions.filter((reaction) => seqs.includes(reaction.messageSeq)).map(copy);
    },

    async withReactions(seq, replyToSeq) {
      const seqs = replyToSeq === null ? [seq] : [seq, replyToSeq];
      return {
        details: tables.messages.filter((message) => seqs.includes(message.seq)).map(detailsOf),
        reactions: tables.reactions.filter((reaction) => reaction.messageSeq === seq).map(copy),
      };
    },

    async apply(change) {
      if (tables.messageChanges.some((row) => row.actorId === change.actorId && row.clientId === change.clientId)) {
        throw new DuplicateChangeError();
      }
      const message = tables.messages.find((candidate) => candidate.seq === change.messageSeq);
      if (!message) throw new Error("No such message.");
      const seq = ++tables.lastChangeSeq;
      const { messageSeq, actorId, peerId, kind, hidden, clientId, at } = change;
      tables.messageChanges.push({ seq, messageSeq, actorId, peerId, kind, hidden, clientId, at });
      if (change.kind === "edit") {
        if (hidden) Object.assign(message, { senderBody: change.body, senderEditedAt: at });
        else Object.assign(message, { body: change.body, editedAt: at, senderBody: null, senderEditedAt: null });
      } else if (change.kind === "retract") {
        if (hidden) Object.assign(message, { senderBody: "", senderRetractedAt: at });
        else Object.assign(message, { body: "", retractedAt: at, senderBody: null, senderEditedAt: null, senderRetractedAt: null });
      } else {
        const same = (row: MemoryTables["reactions"][number]) =>
          row.messageSeq === messageSeq && row.userId === actorId && row.emoji === change.emoji;
        if (!change.on) deleteWhere(tables.reactions, same);
        else if (!tables.reactions.some(same)) tables.reactions.push({ messageSeq, userId: actorId, emoji: change.emoji, hidden, createdAt: at });
      }
      return seq;
    },

    async findChange(actorId, clientId) {
      const row = tables.messageChanges.find((change) => change.actorId === actorId && change.clientId === clientId);
      return row ? { seq: row.seq, messageSeq: row.messageSeq, kind: row.kind } : null;
    },

    async changedFor(viewerId, afterSeq, limit) {
      return changesPage(
        tables.messageChanges.filter((change) => change.seq > afterSeq && heardBy(viewerId)(change)),
        afterSeq,
        limit,
      );
    },

    async newestChange(viewerId) {
      return tables.messageChanges.filter(heardBy(viewerId)).reduce((newest, change) => Math.max(newest, change.seq), 0);
    },
  };
}
