// Receipts: "delivered" and "read" show the recipient around, so they go only where its
// presence may be seen, and are held while it may not (rules/receipts.ts); held receipts go
// out when the sender's view opens. Part of the messaging service (messaging-service.ts), which
// composes it; kept apart because it is the half of messaging that answers to presence.
import type { SessionUser } from "@/lib/accounts/account-service";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { MessageStore } from "@/lib/db/im/message-store";
import type { Logger } from "@/lib/log";
import type { KnownAccounts } from "@/lib/presence/known-account";
import type { PresenceState } from "@/lib/presence/presence-state";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import { type ConversationSummary, MAX_MESSAGE_IDS } from "@/lib/protocol/im";
import type { InboxReader } from "./inbox-reader";
import type { InboxService } from "./inbox-service";
import type { InboxNotifier } from "./notifier";
import type { PresenceFacts } from "./presence-facts";
import { readReceiptSent, receiptsHeld } from "./rules/receipts";

type Sender = Pick<SessionUser, "id" | "username">;

export function createReceipts(deps: {
  state: Pick<PresenceState, "get">;
  known: Pick<KnownAccounts, "inboxPeerId">;
  presence: PresenceFacts;
  messages: MessageStore;
  inboxes: InboxSettingsStore;
  inbox: Pick<InboxService, "announce">;
  reader: InboxReader;
  notifier: InboxNotifier;
  logger: Pick<Logger, "error">;
  now: () => number;
}) {
  const { state, known, presence, messages, inboxes, inbox, reader, notifier, logger, now } = deps;

  /** Tells each sender which of its messages reached the recipient (ids oldest first). */
  function tellSenders(recipient: Sender, delivered: { id: string; senderId: string }[], at: Date) {
    for (const senderId of new Set(delivered.map((message) => message.senderId))) {
      const ids = delivered.filter((message) => message.senderId === senderId).map((message) => message.id);
      notifier.messageStatus(senderId, { peer: recipient.username, status: "delivered", ids, at: at.toISOString() });
    }
  }

  /** Of these senders, those whose view of the recipient is hidden: their receipts are held. */
  async function hiddenFrom(recipientId: string, senderIds: Iterable<string>): Promise<Set<string>> {
    const unique = [...new Set(senderIds)];
    const hidden = await Promise.all(unique.map((senderId) => presence.hiddenFrom(recipientId, senderId)));
    return new Set(unique.filter((_, index) => hidden[index]));
  }

  /**
   * Delivered receipts held for these senders' messages to the recipient go out now that their
   * views of it are open: the messages a device of the recipient may have had meanwhile count
   * as delivered, if one is open. What stays held for other reasons (a request, a silent
   * accept) stays held: confirmDelivered checks the conversation.
   */
  async function release(recipient: Sender, senderIds: string[]) {
    if (senderIds.length === 0 || !presence.isOnline(recipient.id)) return;
    const hidden = await hiddenFrom(recipient.id, senderIds);
    const open = senderIds.filter((senderId) => !hidden.has(senderId));
    const waiting = (await Promise.all(open.map((senderId) => messages.undeliveredFrom(recipient.id, senderId)))).flat();
    const at = new Date(now());
    for (let start = 0; start < waiting.length; start += MAX_MESSAGE_IDS) {
      const ids = waiting.slice(start, start + MAX_MESSAGE_IDS).map((message) => message.id);
      tellSenders(recipient, await messages.confirmDelivered(recipient.id, ids, at), at);
    }
  }

  presence.onViewsOpened((presentityId, watcherIds) => {
    void (async () => {
      const entry = await state.get(presentityId);
      if (entry) await release({ id: presentityId, username: entry.doc.username }, watcherIds);
    })().catch((error: unknown) => logger.error({ err: error, presentityId }, "releasing held receipts failed"));
  });

  /** Records messages as delivered to the recipient and tells each sender which of theirs. */
  async function deliver(recipient: Sender, delivered: { id: string; senderId: string }[], at: Date) {
    if (delivered.length === 0) return;
    await messages.markDelivered(
      delivered.map((message) => message.id),
      at,
    );
    tellSenders(recipient, delivered, at);
  }

  return {
    release,

    /**
     * A device of the recipient has these messages. Only messages in accepted conversations
     * the recipient has written in count: a request's sender must not learn whether it was
     * seen, nor that it was accepted (see InboxService.accept). Nor does a sender whose view
     * of the recipient is hidden: "delivered" would show the recipient online. Those stay
     * undelivered, and go out when the view opens (see release).
     */
    async confirmDelivery(recipient: Sender, ids: string[]): Promise<void> {
      const waiting = await messages.unconfirmed(recipient.id, ids);
      if (waiting.length === 0) return;
      const hidden = await hiddenFrom(recipient.id, waiting.map((message) => message.senderId));
      const shown = waiting.filter((message) => !hidden.has(message.senderId)).map((message) => message.id);
      const at = new Date(now());
      tellSenders(recipient, await messages.confirmDelivered(recipient.id, shown, at), at);
    },

    /**
     * The reader read the peer's messages up to a seq: unread clears in all the reader's tabs,
     * and the sender hears it when both have read receipts on and none are held (see
     * receiptsHeld). What was read while they were held is never told: the peer's read mark
     * stays, and only a later read moves it.
     */
    async markRead(owner: Sender, input: { peer: string; upToSeq: number }): Promise<ConversationSummary | null> {
      const peerId = await known.inboxPeerId(input.peer);
      const conversation = peerId && peerId !== owner.id ? await messages.conversation(owner.id, peerId) : null;
      // A declined (or blocked) request left the inbox: there is nothing to read, as for no conversation at all.
      if (!peerId || !conversation || conversation.state === "declined") {
        throw new ServiceError(ErrorCode.not_found, "There is no conversation with that account.");
      }
      const at = new Date(now());
      // Reading clears the owner's "unread" mark too; the mark never told the peer anything.
      const unmarked = conversation.markedUnread && (await messages.setFlags(owner.id, peerId, { markedUnread: false }));
      const readUpTo = await messages.markRead(conversation, input.upToSeq, at);
      if (readUpTo === null) return unmarked ? inbox.announce(owner.id, peerId, input.peer) : reader.summary(owner.id, peerId);
      const held = receiptsHeld({ hidden: await presence.hiddenFrom(owner.id, peerId), recipientSide: conversation });
      // What was read was delivered, even if no device said so.
      if (!held) {
        const undelivered = await messages.undeliveredFrom(owner.id, peerId, readUpTo);
        await deliver(owner, undelivered, at);
      }
      const summary = await inbox.announce(owner.id, peerId, input.peer);
      const settings = await inboxes.settingsOf([owner.id, peerId]);
      const receipt = readReceiptSent({
        readerReceipts: settings.get(owner.id)!.readReceipts,
        senderReceipts: settings.get(peerId)!.readReceipts,
        held,
      });
      if (receipt && (await messages.advancePeerRead(peerId, owner.id, readUpTo))) {
        notifier.messageStatus(peerId, { peer: owner.username, status: "read", upToSeq: readUpTo, at: at.toISOString() });
      }
      return summary;
    },
  };
}
