// Reads an INSTANT INBOX as its owner sees it: messages with the peer's name, the owner's read
// marks and receipt setting applied; conversation summaries with unread counts and the newest
// message. A few batched queries per call, whatever the number of messages or peers.
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { AttachmentWithBlob } from "@/lib/db/attachments/attachment-store";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { MessageChangeStore, MessageDetails, StoredReaction } from "@/lib/db/im/message-change-store";
import type { MessageStore, StoredConversation, StoredMessage } from "@/lib/db/im/message-store";
import type { ConversationSummary, InboxSettings, InstantMessage } from "@/lib/protocol/im";
import { reactionSummaries, withChanges } from "./change-views";
import type { AttachmentService } from "./attachments/attachment-service";
import { attachmentView } from "./attachments-view";
import { conversationSummary, messageView } from "./views";

/** Conversations an inbox lists at most (newest first). */
export const MAX_LISTED_CONVERSATIONS = 500;

const peerOf = (ownerId: string, message: Pick<StoredMessage, "senderId" | "recipientId">) =>
  message.senderId === ownerId ? message.recipientId : message.senderId;

const usernamesOf = (names: Map<string, { username: string }>) => new Map([...names].map(([id, row]) => [id, row.username]));

export function createInboxReader(deps: {
  messages: MessageStore;
  inboxes: InboxSettingsStore;
  accounts: Pick<AccountStore, "summaries">;
  changes: Pick<MessageChangeStore, "details" | "reactions" | "withReactions">;
  attachments?: Pick<AttachmentService, "ofMessages">;
}) {
  const { messages, inboxes, accounts, changes } = deps;

  /** The messages' attachments (one read), to be shown to each owner by `attachmentsFor`. */
  async function readAttachments(stored: Pick<StoredMessage, "id">[]): Promise<Map<string, AttachmentWithBlob[]>> {
    return deps.attachments ? deps.attachments.ofMessages(stored.map((message) => message.id)) : new Map();
  }

  /** Each message's attachments as its owner sees them (URLs once a request is accepted). */
  function attachmentsFor(found: Map<string, AttachmentWithBlob[]>, ownerId: string, conversations: Map<string, StoredConversation>) {
    return (message: StoredMessage) => {
      const canFetch = message.senderId === ownerId || conversations.get(peerOf(ownerId, message))?.state === "accepted";
      return (found.get(message.id) ?? []).map((attachment) => attachmentView(attachment, canFetch));
    };
  }

  async function namesOf(ids: string[]) {
    return new Map((await accounts.summaries([...new Set(ids)])).map((row) => [row.id, row]));
  }

  /** Reactions grouped by message, oldest first within each. */
  function bySeqOf(reactions: StoredReaction[]) {
    const grouped = new Map<number, StoredReaction[]>();
    for (const reaction of reactions) {
      const group = grouped.get(reaction.messageSeq);
      if (group) group.push(reaction);
      else grouped.set(reaction.messageSeq, [reaction]);
    }
    return grouped;
  }

  /** A view with its edit, deletion for everyone, reply and reactions applied, for its owner. */
  function changed(
    view: InstantMessage,
    ownerId: string,
    facts: { details: MessageDetails; reactions: StoredReaction[]; targets: Map<number, MessageDetails>; usernames: ReadonlyMap<string, string> },
  ) {
    const { details } = facts;
    return withChanges(view, {
      details,
      viewerId: ownerId,
      reactions: reactionSummaries(facts.reactions, ownerId, facts.usernames),
      target: details.replyToSeq === null ? null : (facts.targets.get(details.replyToSeq) ?? null),
    });
  }

  /**
   * Views with their edits, deletions for everyone, replies and reactions applied (three
   * batched reads); `usernames` holds the owner's and the peers' (reactions name them).
   */
  async function withTheirChanges(ownerId: string, views: InstantMessage[], usernames: ReadonlyMap<string, string>): Promise<InstantMessage[]> {
    if (views.length === 0) return views;
    const seqs = views.map((view) => view.seq);
    const [details, reactions] = await Promise.all([changes.details(seqs), changes.reactions(seqs)]);
    const bySeq = new Map(details.map((row) => [row.seq, row]));
    const targetSeqs = details.flatMap((row) => (row.replyToSeq === null ? [] : [row.replyToSeq]));
    const targets = new Map((await changes.details(targetSeqs)).map((row) => [row.seq, row]));
    const reactionsOf = bySeqOf(reactions);
    return views.map((view) => {
      const row = bySeq.get(view.seq);
      if (!row) return view;
      return changed(view, ownerId, { details: row, reactions: reactionsOf.get(view.seq) ?? [], targets, usernames });
    });
  }

  /** Views of stored messages for their owner (any mix of conversations, order kept). */
  async function messagesFor(ownerId: string, stored: StoredMessage[]): Promise<InstantMessage[]> {
    if (stored.length === 0) return [];
    const peerIds = [...new Set(stored.map((message) => peerOf(ownerId, message)))];
    const [names, conversations, settings, found] = await Promise.all([
      namesOf([ownerId, ...peerIds]),
      messages.conversationsWith(ownerId, peerIds),
      inboxes.settings(ownerId),
      readAttachments(stored),
    ]);
    const byPeer = new Map(conversations.map((conversation) => [conversation.peerId, conversation]));
    const attachmentsOf = attachmentsFor(found, ownerId, byPeer);
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
        attachmentsOf(message),
      );
    });
    return withTheirChanges(ownerId, views, usernamesOf(names));
  }

  /**
   * One message as each of the given sides has it, from one read of the message, its reply
   * target, reactions and attachments: a change tells both sides at once. What the caller
   * knows of each side (its conversation, its receipt setting) and both participants'
   * usernames are not read again, nor attachments when the caller knows there are none
   * (`attached: false`). A view is null when the message is gone.
   */
  async function messageForSides(
    message: Pick<MessageDetails, "seq" | "id" | "replyToSeq"> & { attached?: boolean },
    sides: { ownerId: string; conversation: StoredConversation | null; readReceipts: boolean }[],
    usernames: ReadonlyMap<string, string>,
  ): Promise<(InstantMessage | null)[]> {
    const [{ details: rows, reactions }, found] = await Promise.all([
      changes.withReactions(message.seq, message.replyToSeq),
      message.attached === false ? new Map<string, AttachmentWithBlob[]>() : readAttachments([message]),
    ]);
    const details = rows.find((row) => row.seq === message.seq);
    if (!details) return sides.map(() => null);
    const targets = new Map(rows.map((row) => [row.seq, row]));
    return sides.map(({ ownerId, conversation, readReceipts }) => {
      const peerId = peerOf(ownerId, details);
      const conversations = new Map(conversation ? [[peerId, conversation]] : []);
      const view = messageView(
        details,
        { viewerId: ownerId, peer: usernames.get(peerId) ?? "", conversation, viewerReceipts: readReceipts },
        attachmentsFor(found, ownerId, conversations)(details),
      );
      return changed(view, ownerId, { details, reactions, targets, usernames });
    });
  }

  /** Summaries of listed conversations with their unread counts; the owner's settings when known. */
  async function summarize(
    ownerId: string,
    conversations: (StoredConversation & { unread: number })[],
    knownSettings?: InboxSettings,
  ): Promise<ConversationSummary[]> {
    if (conversations.length === 0) return [];
    const [names, newest, settings] = await Promise.all([
      namesOf([ownerId, ...conversations.map((conversation) => conversation.peerId)]),
      messages.bySeq(conversations.map((conversation) => conversation.lastSeq)),
      knownSettings ?? inboxes.settings(ownerId),
    ]);
    const bySeq = new Map(newest.map((message) => [message.seq, message]));
    const attachmentsOf = attachmentsFor(
      await readAttachments(newest),
      ownerId,
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
          lastMessage: messageView(last, context, attachmentsOf(last)),
          viewerReceipts: settings.readReceipts,
        }),
      ];
    });
    const lastMessages = await withTheirChanges(
      ownerId,
      summaries.map((summary) => summary.lastMessage),
      usernamesOf(names),
    );
    return summaries.map((summary, index) => ({ ...summary, lastMessage: lastMessages[index]! }));
  }

  return {
    messagesFor,
    messageForSides,

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
