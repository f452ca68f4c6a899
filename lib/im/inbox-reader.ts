// Reads an INSTANT INBOX as its owner sees it: messages with the peer's name, the owner's read
// marks and receipt setting applied; conversation summaries with unread counts and the newest
// message. A few batched queries per call, whatever the number of messages or peers.
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { AttachmentWithBlob } from "@/lib/db/attachments/attachment-store";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { MessageChangeStore } from "@/lib/db/im/message-change-store";
import type { MessageStore, StoredConversation, StoredMessage } from "@/lib/db/im/message-store";
import type { ConversationSummary, InboxSettings, InstantMessage } from "@/lib/protocol/im";
import { reactionSummaries, withChanges } from "./change-views";
import type { AttachmentService } from "./attachments/attachment-service";
import { attachmentView } from "./attachments-view";
import { conversationSummary, messageView } from "./views";

/** Conversations an inbox lists at most (newest first). */
export const MAX_LISTED_CONVERSATIONS = 500;

const peerOf = (ownerId: string, message: StoredMessage) =>
  message.senderId === ownerId ? message.recipientId : message.senderId;

export function createInboxReader(deps: {
  messages: MessageStore;
  inboxes: InboxSettingsStore;
  accounts: Pick<AccountStore, "summaries">;
  changes: Pick<MessageChangeStore, "details" | "reactions">;
  attachments?: Pick<AttachmentService, "ofMessages">;
}) {
  const { messages, inboxes, accounts, changes } = deps;

  /** Each message's attachments as its owner sees them (URLs once a request is accepted). */
  async function attachmentsOf(ownerId: string, stored: StoredMessage[], conversations: Map<string, StoredConversation>) {
    const found: Map<string, AttachmentWithBlob[]> = deps.attachments
      ? await deps.attachments.ofMessages(stored.map((message) => message.id))
      : new Map();
    return (message: StoredMessage) => {
      const canFetch = message.senderId === ownerId || conversations.get(peerOf(ownerId, message))?.state === "accepted";
      return (found.get(message.id) ?? []).map((attachment) => attachmentView(attachment, canFetch));
    };
  }

  async function namesOf(ids: string[]) {
    return new Map((await accounts.summaries([...new Set(ids)])).map((row) => [row.id, row]));
  }

  /** Views with their edits, deletions for everyone, replies and reactions applied (three batched reads). */
  async function withTheirChanges(ownerId: string, views: InstantMessage[], peerIds: string[]): Promise<InstantMessage[]> {
    if (views.length === 0) return views;
    const seqs = views.map((view) => view.seq);
    const [details, reactions, names] = await Promise.all([
      changes.details(seqs),
      changes.reactions(seqs),
      namesOf([ownerId, ...peerIds]),
    ]);
    const bySeq = new Map(details.map((row) => [row.seq, row]));
    const targetSeqs = details.flatMap((row) => (row.replyToSeq === null ? [] : [row.replyToSeq]));
    const targets = new Map((await changes.details(targetSeqs)).map((row) => [row.seq, row]));
    const usernames = new Map([...names].map(([id, row]) => [id, row.username]));
    return views.map((view) => {
      const row = bySeq.get(view.seq);
      if (!row) return view;
      return withChanges(view, {
        details: row,
        viewerId: ownerId,
        reactions: reactionSummaries(
          reactions.filter((reaction) => reaction.messageSeq === view.seq),
          ownerId,
          usernames,
        ),
        target: row.replyToSeq === null ? null : (targets.get(row.replyToSeq) ?? null),
      });
    });
  }

  /** Views of stored messages for their owner (any mix of conversations, order kept). */
  async function messagesFor(ownerId: string, stored: StoredMessage[]): Promise<InstantMessage[]> {
    if (stored.length === 0) return [];
    const peerIds = [...new Set(stored.map((message) => peerOf(ownerId, message)))];
    const [names, conversations, settings] = await Promise.all([
      namesOf(peerIds),
      messages.conversationsWith(ownerId, peerIds),
      inboxes.settings(ownerId),
    ]);
    const byPeer = new Map(conversations.map((conversation) => [conversation.peerId, conversation]));
    const attachmentsFor = await attachmentsOf(ownerId, stored, byPeer);
    const views = stored.map((message) => {
      const peerId = peerOf(ownerId, message);
      return messageView(
        message,
        {
          viewerId: ownerId,
          peer: names.get(peerId)?.username ?? "",
          conversation: byPeer.get(peerId) ?? null,
          viewerReceipts: settings.readReceipts,
        },
        attachmentsFor(message),
      );
    });
    return withTheirChanges(ownerId, views, peerIds);
  }

  /** Summaries of listed conversations with their unread counts; the owner's settings when known. */
  async function summarize(
    ownerId: string,
    conversations: (StoredConversation & { unread: number })[],
    knownSettings?: InboxSettings,
  ): Promise<ConversationSummary[]> {
    if (conversations.length === 0) return [];
    const [names, newest, settings] = await Promise.all([
      namesOf(conversations.map((conversation) => conversation.peerId)),
      messages.bySeq(conversations.map((conversation) => conversation.lastSeq)),
      knownSettings ?? inboxes.settings(ownerId),
    ]);
    const bySeq = new Map(newest.map((message) => [message.seq, message]));
    const attachmentsFor = await attachmentsOf(
      ownerId,
      newest,
      new Map(conversations.map((conversation) => [conversation.peerId, conversation])),
    );
    const summaries = conversations.flatMap((conversation) => {
      const name = names.get(conversation.peerId);
      const last = bySeq.get(conversation.lastSeq);
      if (!name || !last) return [];
      const context = { viewerId: ownerId, peer: name.username, conversation, viewerReceipts: settings.readReceipts };
      return [
        conversationSummary(conversation, {
          peer: name.username,
          displayName: name.displayName,
          unread: conversation.unread,
          lastMessage: messageView(last, context, attachmentsFor(last)),
          viewerReceipts: settings.readReceipts,
        }),
      ];
    });
    const lastMessages = await withTheirChanges(
      ownerId,
      summaries.map((summary) => summary.lastMessage),
      conversations.map((conversation) => conversation.peerId),
    );
    return summaries.map((summary, index) => ({ ...summary, lastMessage: lastMessages[index]! }));
  }

  return {
    messagesFor,

    /** The inbox's conversation list: accepted conversations and message requests, newest first. */
    async list(ownerId: string, settings?: InboxSettings): Promise<ConversationSummary[]> {
      return summarize(ownerId, await messages.listed(ownerId, MAX_LISTED_CONVERSATIONS), settings);
    },

    /** One conversation's summary, or null when the inbox does not list it (none, empty, declined). */
    async summary(ownerId: string, peerId: string): Promise<ConversationSummary | null> {
      const conversation = await messages.conversation(ownerId, peerId);
      if (!conversation || conversation.lastSeq === 0 || conversation.state === "declined") return null;
      const unread = await messages.unreadCount(ownerId, peerId, conversation.lastReadSeq);
      const [summary] = await summarize(ownerId, [{ ...conversation, unread }]);
      return summary ?? null;
    },
  };
}
export type InboxReader = ReturnType<typeof createInboxReader>;
