// The INBOX USER AGENT's side of the INSTANT MESSAGE SERVICE: the conversation list, history,
// catch-up after a reconnect, message requests, deletion from my own inbox, search, and the
// inbox's delivery-rule settings. Every change reaches all of the owner's tabs.
import type { SessionUser } from "@/lib/accounts/account-service";
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { MessageChangeStore } from "@/lib/db/im/message-change-store";
import type { MessageSearch } from "@/lib/db/im/message-search";
import type { MessageStore, StoredConversation } from "@/lib/db/im/message-store";
import type { KnownAccounts } from "@/lib/presence/known-account";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import {
  type ConversationSummary,
  type InboxSettings,
  type InboxSnapshot,
  type InstantMessage,
  MAX_PINNED_CONVERSATIONS,
  type MessagePage,
  type SyncPage,
} from "@/lib/protocol/im";
import { type FlagRequest, planFlags } from "./conversation-flags";
import { holds } from "./change-views";
import type { InboxReader } from "./inbox-reader";
import type { InboxNotifier } from "./notifier";
import { archivePage, archiveRange } from "./rules/archive-page";
import { searchTerms } from "./rules/search-terms";

type Owner = Pick<SessionUser, "id" | "username">;

/** Above every seq: seqs are 32-bit in storage. */
const NO_UPPER_BOUND = 2_147_483_647;

const noConversation = () => new ServiceError(ErrorCode.not_found, "There is no conversation with that account.");

export function createInboxService(deps: {
  /** Names the caller gives, as the caller may know them (a blocker looks missing). */
  known: Pick<KnownAccounts, "inboxPeerId">;
  messages: MessageStore;
  /** Edits, deletions for everyone and reactions: their catch-up. */
  changes: Pick<MessageChangeStore, "changedFor" | "newestChange" | "details" | "detailsById">;
  inboxes: InboxSettingsStore;
  reader: InboxReader;
  search: MessageSearch;
  accounts: Pick<AccountStore, "summaries">;
  notifier: InboxNotifier;
  /** Adds an access rule `block` for the user (the privacy service's, so it is one list). */
  block: (owner: SessionUser, username: string) => Promise<unknown>;
  now?: () => number;
  /** Seqs of the owner's messages with a file of that name (search finds files by name too). */
  searchAttachmentNames?: (ownerId: string, terms: string[], beforeSeq: number, limit: number) => Promise<number[]>;
  /** Messages left the owner's inbox: their attachments may now be orphaned (collected). */
  onMessagesRemoved?: () => Promise<unknown>;
}) {
  const { known, messages, inboxes, reader, notifier } = deps;
  const now = deps.now ?? Date.now;

  /** The owner's conversation with a peer. Unknown names and strangers look the same: no conversation. */
  async function conversationWith(owner: Owner, username: string): Promise<StoredConversation> {
    const peerId = await known.inboxPeerId(username);
    const conversation = peerId && peerId !== owner.id ? await messages.conversation(owner.id, peerId) : null;
    if (!conversation) throw noConversation();
    return conversation;
  }

  /** Tells the owner's tabs what the conversation looks like now; returns its summary. */
  async function announce(ownerId: string, peerId: string, peer: string): Promise<ConversationSummary | null> {
    const summary = await reader.summary(ownerId, peerId);
    if (summary) notifier.conversationChanged(ownerId, summary);
    else notifier.conversationRemoved(ownerId, peer);
    return summary;
  }

  /**
   * A message request becomes a conversation, and the sender is not told: its messages stay
   * "sent", and later ones get no receipts until the owner writes in the conversation (see
   * MessagingService.send). Receipts are withheld while a request waits so that a declined
   * request looks the same as one never answered; an accepted one must look the same too.
   */
  async function accept(owner: Owner, peerId: string, peer: string): Promise<ConversationSummary | null> {
    if (!(await messages.accept(owner.id, peerId))) return reader.summary(owner.id, peerId);
    return announce(owner.id, peerId, peer);
  }

  /** The owner's messages changed after a change seq, as the owner has them now (those it still has). */
  async function changesSince(owner: Owner, afterSeq: number, limit: number) {
    const page = await deps.changes.changedFor(owner.id, afterSeq, limit);
    const held = (await deps.changes.details(page.messageSeqs)).filter((row) => holds(row, owner.id)).map((row) => row.seq);
    const bySeq = new Map((await messages.bySeq(held)).map((message) => [message.seq, message]));
    const stored = page.messageSeqs.flatMap((seq) => bySeq.get(seq) ?? []);
    return { changed: await reader.messagesFor(owner.id, stored), changeCursor: page.cursor, changesHaveMore: page.hasMore };
  }

  /** The seq of a message the owner has, or null (none with that id, or not the owner's). */
  async function messageSeq(owner: Owner, id: string): Promise<number | null> {
    const details = await deps.changes.detailsById(id);
    return details && holds(details, owner.id) ? details.seq : null;
  }

  return {
    announce,
    accept,

    /** What a tab needs at (re)connect: the conversation list with unread counts, and where to catch up from. */
    async snapshot(owner: Owner): Promise<InboxSnapshot> {
      const settings = await inboxes.settings(owner.id);
      // The change cursor first: a change made while the list is read is then caught up with again.
      const changeCursor = await deps.changes.newestChange(owner.id);
      const conversations = await reader.list(owner.id, settings);
      const cursor = conversations.reduce((newest, conversation) => Math.max(newest, conversation.lastMessage.seq), 0);
      return { conversations, cursor, changeCursor, settings };
    },

    conversations(owner: Owner): Promise<ConversationSummary[]> {
      return reader.list(owner.id);
    },

    /** A page of one conversation, newest first. No conversation (or no such account): an empty page. */
    async history(owner: Owner, input: { peer: string; beforeSeq?: number; limit: number }): Promise<MessagePage> {
      const peerId = await known.inboxPeerId(input.peer);
      if (!peerId || peerId === owner.id) return { messages: [], hasMore: false };
      const page = await messages.page(owner.id, peerId, input.beforeSeq, input.limit);
      return { messages: await reader.messagesFor(owner.id, page.messages), hasMore: page.hasMore };
    },

    /** Everything in the owner's inbox after a seq, oldest first: what a tab missed while away. */
    async sync(owner: Owner, input: { afterSeq: number; limit: number; changesAfter?: number }): Promise<SyncPage> {
      const page = await messages.after(owner.id, input.afterSeq, input.limit);
      const synced: SyncPage = {
        messages: await reader.messagesFor(owner.id, page.messages),
        hasMore: page.hasMore,
        cursor: page.messages.at(-1)?.seq ?? input.afterSeq,
      };
      if (input.changesAfter === undefined) return synced;
      return { ...synced, ...(await changesSince(owner, input.changesAfter, input.limit)) };
    },

    /**
     * What a device that keeps no cursor of its own (an XMPP app) is sent when it signs in, and
     * its cursor afterwards. With a cursor, what a tab would catch up with after it. A device
     * never seen gets what no device confirmed yet (the delivery rules keep a request or a hidden
     * sender's message unconfirmed, so those too), then starts from the newest message: what it
     * was sent once is not sent again, whether or not it counts as delivered.
     */
    async catchUp(owner: Owner, cursor: number | null, limit: number): Promise<{ messages: InstantMessage[]; cursor: number }> {
      if (cursor !== null) {
        const page = await messages.after(owner.id, cursor, limit);
        return { messages: await reader.messagesFor(owner.id, page.messages), cursor: page.messages.at(-1)?.seq ?? cursor };
      }
      const waiting = await messages.undelivered(owner.id, limit);
      const newest = (await reader.list(owner.id)).reduce((seq, conversation) => Math.max(seq, conversation.lastMessage.seq), 0);
      // A full page may have more behind it: start after what was sent, so the rest comes next time.
      const last = waiting.length === limit ? waiting.at(-1)!.seq : Math.max(newest, waiting.at(-1)?.seq ?? 0);
      return { messages: await reader.messagesFor(owner.id, waiting), cursor: last };
    },

    messageSeq,

    /**
     * A page of the owner's archive (XMPP's Message Archive Management): with one peer or all,
     * sent within a time range, after or before a message, shown oldest first. A peer that
     * does not exist, or blocks the owner, has no messages; a message id the owner does not
     * have is refused, like a history page of no conversation. Deleted-for-everyone messages
     * are left out, as search leaves them out.
     */
    async archive(
      owner: Owner,
      input: { peer?: string; start?: Date; end?: Date; after?: string; before?: string | null; max: number },
    ): Promise<{ messages: InstantMessage[]; complete: boolean }> {
      const peerId = input.peer === undefined ? null : await known.inboxPeerId(input.peer);
      if (input.peer !== undefined && (!peerId || peerId === owner.id)) return { messages: [], complete: true };
      const seqOf = async (id: string) => {
        const seq = await messageSeq(owner, id);
        if (seq === null) throw new ServiceError(ErrorCode.not_found, "There is no message with that id in your archive.");
        return seq;
      };
      const range = archiveRange({
        afterSeq: input.after === undefined ? undefined : await seqOf(input.after),
        beforeSeq: input.before === undefined || input.before === null ? input.before : await seqOf(input.before),
        max: input.max,
      });
      const read = await messages.archive(owner.id, { ...range, peerId, start: input.start, end: input.end });
      const page = archivePage(read, range.order);
      const views = await reader.messagesFor(owner.id, page.messages);
      return { messages: views.filter((view) => !view.retracted), complete: page.complete };
    },

    /** The owner's messages containing every word of the query (the last as a prefix), newest first. */
    async search(owner: Owner, input: { query: string; beforeSeq?: number; limit: number }): Promise<MessagePage> {
      const terms = searchTerms(input.query);
      const below = input.beforeSeq ?? NO_UPPER_BOUND;
      const [inBodies, inNames] = await Promise.all([
        deps.search.find(owner.id, terms, below, input.limit + 1),
        deps.searchAttachmentNames?.(owner.id, terms, below, input.limit + 1) ?? [],
      ]);
      const seqs = [...new Set([...inBodies, ...inNames])].sort((a, b) => b - a).slice(0, input.limit + 1);
      const page = seqs.slice(0, input.limit);
      const bySeq = new Map((await messages.bySeq(page)).map((message) => [message.seq, message]));
      const found = page.flatMap((seq) => bySeq.get(seq) ?? []);
      // A message deleted for everyone only on the owner's side (its own copy) is still indexed.
      const views = (await reader.messagesFor(owner.id, found)).filter((view) => !view.retracted);
      return { messages: views, hasMore: seqs.length > input.limit };
    },

    /**
     * Answers a message request. Whatever the answer, the sender is not told: declined and
     * blocked requests simply never show as delivered, and accepted ones not until the owner
     * writes back. Block also adds an access rule `block`, after which the sender's messages
     * fail as if this account did not exist.
     */
    async respondRequest(
      owner: SessionUser,
      input: { peer: string; action: "accept" | "decline" | "block" },
    ): Promise<ConversationSummary | null> {
      const conversation = await conversationWith(owner, input.peer);
      if (conversation.state !== "request") {
        throw new ServiceError(ErrorCode.not_found, "There is no message request from that account.");
      }
      if (input.action === "accept") return accept(owner, conversation.peerId, input.peer);
      if (input.action === "block") await deps.block(owner, input.peer);
      await messages.clear(conversation, "declined");
      await deps.onMessagesRemoved?.();
      await announce(owner.id, conversation.peerId, input.peer);
      return null;
    },

    /** Removes messages from the owner's inbox only; the peer keeps its copy. Unknown ids are ignored. */
    async deleteMessages(owner: Owner, ids: string[]): Promise<void> {
      const removed = await messages.remove(owner.id, ids);
      if (removed.length > 0) await deps.onMessagesRemoved?.();
      const peerIds = [...new Set(removed.map((message) => message.peerId))];
      const [names, conversations] = await Promise.all([
        deps.accounts.summaries(peerIds),
        messages.conversationsWith(owner.id, peerIds),
      ]);
      for (const conversation of conversations) {
        const peer = names.find((name) => name.id === conversation.peerId)?.username;
        if (!peer) continue;
        await messages.refreshLastSeq(conversation);
        const deleted = removed.filter((message) => message.peerId === conversation.peerId).map((message) => message.id);
        notifier.messagesDeleted(owner.id, { peer, ids: deleted });
        await announce(owner.id, conversation.peerId, peer);
      }
    },

    /** Removes a whole conversation from the owner's inbox only. */
    async deleteConversation(owner: Owner, peer: string): Promise<void> {
      const conversation = await conversationWith(owner, peer);
      await messages.clear(conversation);
      await deps.onMessagesRemoved?.();
      await announce(owner.id, conversation.peerId, peer);
    },

    /**
     * Sets the owner's marks on a conversation the inbox lists (pinned, muted, marked unread);
     * every tab of the owner hears the new summary, the peer nothing. A conversation that is
     * not listed (none, emptied, declined) answers like one that does not exist.
     */
    async setConversation(owner: Owner, peer: string, request: FlagRequest): Promise<ConversationSummary> {
      const conversation = await conversationWith(owner, peer);
      if (conversation.lastSeq === 0 || conversation.state === "declined") throw noConversation();
      const wantsPin = request.pinned === true && conversation.pinnedAt === null;
      const plan = planFlags({
        current: conversation,
        request,
        pinnedCount: wantsPin ? await messages.pinnedCount(owner.id) : 0,
        now: new Date(now()),
      });
      if (!plan.ok) {
        throw new ServiceError(ErrorCode.conflict, `You can pin at most ${MAX_PINNED_CONVERSATIONS} conversations: unpin one first.`, {
          issues: [{ path: "pinned", message: `At most ${MAX_PINNED_CONVERSATIONS} pinned conversations.` }],
        });
      }
      const summary = (await messages.setFlags(owner.id, conversation.peerId, plan.flags))
        ? await announce(owner.id, conversation.peerId, peer)
        : await reader.summary(owner.id, conversation.peerId);
      if (!summary) throw noConversation();
      return summary;
    },

    settings(owner: Owner): Promise<InboxSettings> {
      return inboxes.settings(owner.id);
    },

    async setSettings(owner: Owner, changes: Partial<InboxSettings>): Promise<InboxSettings> {
      const settings = await inboxes.save(owner.id, changes);
      notifier.inboxSettingsChanged(owner.id, settings);
      return settings;
    },
  };
}
export type InboxService = ReturnType<typeof createInboxService>;
