// The INSTANT MESSAGE SERVICE's sending side: a SENDER sends an INSTANT MESSAGE to an INSTANT
// INBOX ADDRESS; the inbox owner's DELIVERY RULES decide; the message is stored, then pushed
// to the inbox's open devices (and the sender's other tabs). Closed inboxes get it when a
// device opens (snapshot, then catch-up). Also typing notices and, composed from receipts.ts,
// delivered and read receipts, which show the other side around: they go only where its
// presence may be seen. The sender is always the session's account; a retried send (same
// client id) is the same message, stored once.
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/accounts/account-service";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { MessageChangeStore, MessageDetails } from "@/lib/db/im/message-change-store";
import { DuplicateMessageError, type MessageStore, type StoredConversation, type StoredMessage } from "@/lib/db/im/message-store";
import type { Logger } from "@/lib/log";
import type { KnownAccounts } from "@/lib/presence/known-account";
import type { PresenceAccess } from "@/lib/presence/presence-access";
import type { PresenceState, PresentityEntry } from "@/lib/presence/presence-state";
import type { PushHook } from "@/lib/push/hook";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import {
  type DeliveryNotice,
  type InboxSettings,
  type InstantMessage,
  TYPING_TIMEOUT_MS,
} from "@/lib/protocol/im";
import { attachmentSummary } from "@/lib/protocol/attachment-summary";
import type { AttachmentService } from "./attachments/attachment-service";
import { attachmentView } from "./attachments-view";
import { holds, replyQuote } from "./change-views";
import type { InboxReader } from "./inbox-reader";
import type { InboxService } from "./inbox-service";
import type { InboxNotifier } from "./notifier";
import type { PresenceFacts } from "./presence-facts";
import { type DeliveryOutcome, type StoredOutcome, deliveryNotice, evaluateDelivery, fromStranger, shouldNotify } from "./rules/delivery";
import { createReceipts } from "./receipts";
import { typingRelayed } from "./rules/receipts";
import type { SendLimiter } from "./send-limiter";
import { createTypingThrottle } from "./typing-throttle";
import { messageView } from "./views";

type Sender = Pick<SessionUser, "id" | "username">;

/** Exactly what a message to an address that does not exist gets: a block must look the same. */
const unknownAddress = () => new ServiceError(ErrorCode.not_found, "There is no account with that name.");

/** Throws the delivery rules' refusal, as the sender hears it; returns for a message to store. */
function refuseUnlessStored(outcome: DeliveryOutcome, to: string): asserts outcome is StoredOutcome {
  switch (outcome) {
    case "refuse-unknown":
      throw unknownAddress();
    case "refuse-nobody":
      throw new ServiceError(ErrorCode.forbidden, `${to} does not accept messages.`);
    case "refuse-contacts-only":
      throw new ServiceError(ErrorCode.forbidden, `${to} accepts messages from contacts only.`);
  }
}

/** Where a stored message lands on the recipient's side; null: held back, hidden from the owner. */
const RECIPIENT_STATE: Record<StoredOutcome, "accepted" | "request" | null> = {
  deliver: "accepted",
  request: "request",
  "declined-silently": null,
};

export function createMessagingService(deps: {
  state: Pick<PresenceState, "get" | "loadVisibility">;
  /** Names the caller gives, as the caller may know them (a blocker looks missing). */
  known: Pick<KnownAccounts, "idOf" | "inboxPeerId">;
  presence: Pick<PresenceAccess, "blocks"> & PresenceFacts;
  messages: MessageStore;
  /** Reads the message a reply points at. */
  changes: Pick<MessageChangeStore, "detailsById">;
  inboxes: InboxSettingsStore;
  inbox: Pick<InboxService, "accept" | "announce">;
  reader: InboxReader;
  notifier: InboxNotifier;
  limiter: SendLimiter;
  logger: Pick<Logger, "error">;
  /** Reaches the recipient's devices when no tab of theirs is on screen (Web Push). */
  push?: Pick<PushHook, "messageDelivered">;
  /** Pictures and files sent with messages (absent: sends with attachments are refused). */
  attachments?: Pick<AttachmentService, "reserve" | "release" | "ofMessages">;
  now?: () => number;
}) {
  const { state, known, presence, messages, inboxes, inbox, reader, notifier, limiter, logger } = deps;
  const now = deps.now ?? Date.now;
  const typing = createTypingThrottle(now);
  const typingSweep = setInterval(() => typing.sweep(), TYPING_TIMEOUT_MS);
  typingSweep.unref();
  const receipts = createReceipts({ state, known, presence, messages, inboxes, inbox, reader, notifier, logger, now });

  /** The recipient's delivery rules applied to this sender, given the recipient's side of things. */
  function deliveryOutcome(
    entry: PresentityEntry,
    senderId: string,
    facts: { settings: InboxSettings; recipientSide: StoredConversation | null },
  ): DeliveryOutcome {
    return evaluateDelivery({
      blocked: presence.blocks(entry, senderId),
      acceptFrom: facts.settings.acceptFrom,
      senderIsContact: entry.relations.isContact(senderId),
      conversationState: facts.recipientSide?.state ?? null,
    });
  }

  /** A retry of a stored message gets that message back, and uses up no rate limit. */
  async function sendAgain(
    sender: Sender,
    earlier: StoredMessage,
    input: { recipientId: string | null; body: string; attachments?: string[] },
  ) {
    const attached = deps.attachments ? ((await deps.attachments.ofMessages([earlier.id])).get(earlier.id) ?? []) : [];
    const sameAttachments = attached.map((attachment) => attachment.id).join() === (input.attachments ?? []).join();
    if (earlier.recipientId !== input.recipientId || earlier.body !== input.body || !sameAttachments) {
      throw new ServiceError(ErrorCode.conflict, "This clientId belongs to another message: use a new one for every message.", {
        issues: [{ path: "clientId", message: "Already used for another message." }],
      });
    }
    const [view] = await reader.messagesFor(sender.id, [earlier]);
    return view!;
  }

  /** A conversation the message created, brought back, or moved changes shape in that side's list. */
  const reshaped = (before: StoredConversation | null, state: "accepted" | "request") =>
    !before || before.lastSeq === 0 || before.state !== state;

  /** The message a reply points at: one of this conversation that the sender has. */
  async function replyTarget(senderId: string, recipientId: string, replyTo: string | undefined): Promise<MessageDetails | null> {
    if (replyTo === undefined) return null;
    const target = await deps.changes.detailsById(replyTo);
    const inConversation =
      target !== null &&
      ((target.senderId === senderId && target.recipientId === recipientId) ||
        (target.senderId === recipientId && target.recipientId === senderId));
    if (!target || !inConversation || !holds(target, senderId)) {
      throw new ServiceError(ErrorCode.invalid_payload, "You can only reply to a message of this conversation.", {
        issues: [{ path: "replyTo", message: "Not a message of this conversation." }],
      });
    }
    return target;
  }

  return {
    async send(
      sender: Sender,
      input: { to: string; clientId: string; body: string; replyTo?: string; attachments?: string[] },
      /** The connection the command came from: it learns the message from its ack. */
      origin?: string,
    ): Promise<InstantMessage> {
      const recipientId = await known.idOf(sender, input.to);
      if (recipientId === sender.id) {
        throw new ServiceError(ErrorCode.invalid_payload, "You cannot send a message to yourself.", {
          issues: [{ path: "to", message: "That is you." }],
        });
      }
      if (!recipientId) {
        // A retry to an account that has gone still gets its answer (a conflict: it cannot match).
        const earlier = await messages.findSent(sender.id, input.clientId);
        if (earlier) return sendAgain(sender, earlier, { recipientId, body: input.body, attachments: input.attachments });
        throw unknownAddress();
      }
      // One read for everything the send decides on: a retry, the recipient's settings, both
      // sides' conversations. The recipient's presentity (contacts, rules) is in memory.
      const [entry, facts] = await Promise.all([
        state.get(recipientId),
        messages.sendFacts(sender.id, recipientId, input.clientId),
        state.loadVisibility([sender.id]), // rules about hidden watchers need it
      ]);
      if (facts.earlier) return sendAgain(sender, facts.earlier, { recipientId, body: input.body, attachments: input.attachments });
      if (!entry) throw unknownAddress();
      const { settings, recipientSide, senderSide: own } = facts;
      const target = await replyTarget(sender.id, recipientId, input.replyTo);
      const outcome = deliveryOutcome(entry, sender.id, facts);
      refuseUnlessStored(outcome, input.to);
      const wait = await limiter.take(sender.id, recipientId, { stranger: fromStranger(outcome) });
      if (wait > 0) {
        throw new ServiceError(ErrorCode.rate_limited, "You are sending messages too fast. Wait a moment and try again.", {
          retryAfter: wait,
        });
      }

      const messageId = randomUUID();
      // Uploads are attached just before the message is written (a refused send attaches
      // nothing), so both sides' views below are built without another await.
      const attachmentIds = input.attachments ?? [];
      if (attachmentIds.length > 0 && !deps.attachments) {
        throw new ServiceError(ErrorCode.invalid_payload, "Attachments are not available here.");
      }
      const attached = deps.attachments ? await deps.attachments.reserve(sender.id, attachmentIds, messageId) : [];

      // Writing back to a message request accepts it, and writing in a conversation accepted
      // silently tells the other side it was: its held receipts go out below.
      if (own?.state === "request") await inbox.accept(sender, recipientId, input.to);
      const writesBack = own !== null && (own.state === "request" || !own.acknowledged);
      if (writesBack) await messages.acknowledge(sender.id, recipientId);
      const recipientState = RECIPIENT_STATE[outcome];
      let stored: StoredMessage;
      try {
        stored = await messages.add(
          {
            id: messageId,
            senderId: sender.id,
            recipientId,
            clientId: input.clientId,
            body: input.body,
            sentAt: new Date(now()),
            replyToSeq: target?.seq ?? null,
          },
          recipientState,
        );
      } catch (error) {
        if (attached.length > 0) await deps.attachments!.release(sender.id, messageId);
        // A retry that raced the first attempt: the first one stored it.
        const raced = error instanceof DuplicateMessageError ? await messages.findSent(sender.id, input.clientId) : null;
        if (!raced) throw error;
        return sendAgain(sender, raced, { recipientId, body: input.body, attachments: input.attachments });
      }
      typing.reset(sender.id, recipientId);

      // Both sides hear of the message before any await: sends settle in seq order, so devices
      // get messages in that order too (a tab's catch-up cursor never jumps over one).
      if (recipientState !== null) {
        const view = {
          ...messageView(
            stored,
            { viewerId: recipientId, peer: sender.username, conversation: recipientSide, viewerReceipts: settings.readReceipts },
            // A message request shows names and sizes only until it is accepted.
            attached.map((attachment) => attachmentView(attachment, recipientState === "accepted")),
          ),
          replyTo: target && replyQuote(target, recipientId),
        };
        const busy = entry.doc.availability === "busy";
        const muted = recipientSide?.muted ?? false;
        notifier.messageReceived(recipientId, {
          message: view,
          notify: shouldNotify({ busy, notifyWhileBusy: settings.notifyWhileBusy, muted }),
        });
        deps.push?.messageDelivered({
          recipientId,
          from: sender.username,
          messageId: stored.id,
          body: stored.body || attachmentSummary(attached.map((attachment) => attachmentView(attachment, false))),
          request: recipientState === "request",
          first: reshaped(recipientSide, recipientState),
          busy,
          notifyWhileBusy: settings.notifyWhileBusy,
          muted,
        });
      }
      // A new message is "sent" to its sender whatever the receipt settings.
      const view = {
        ...messageView(
          stored,
          { viewerId: sender.id, peer: input.to, conversation: own, viewerReceipts: true },
          attached.map((attachment) => attachmentView(attachment, true)),
        ),
        replyTo: target && replyQuote(target, sender.id),
      };
      notifier.messageReceived(sender.id, { message: view, notify: false }, origin);
      await Promise.all([
        recipientState !== null && reshaped(recipientSide, recipientState)
          ? inbox.announce(recipientId, sender.id, sender.username)
          : null,
        reshaped(own, "accepted") ? inbox.announce(sender.id, recipientId, input.to) : null,
        writesBack ? receipts.release(sender, [recipientId]) : null,
      ]);
      return view;
    },

    /** A device of the recipient has these messages (see receipts.ts). */
    confirmDelivery: receipts.confirmDelivery,
    /** The reader read the peer's messages up to a seq (see receipts.ts). */
    markRead: receipts.markRead,

    /**
     * Whether the recipient refuses this sender openly (contacts only, nobody), before they
     * write: the outcome a send would have, told only as far as a send would tell it. An
     * address that does not exist and one whose owner blocks the sender answer alike.
     */
    async deliveryNotice(sender: Sender, input: { to: string }): Promise<DeliveryNotice> {
      const recipientId = await known.idOf(sender, input.to);
      if (!recipientId || recipientId === sender.id) return deliveryNotice(null);
      const [entry, settings, recipientSide] = await Promise.all([
        state.get(recipientId),
        inboxes.settings(recipientId),
        messages.conversation(recipientId, sender.id),
        state.loadVisibility([sender.id]), // rules about hidden watchers need it
      ]);
      if (!entry) return deliveryNotice(null);
      return deliveryNotice(deliveryOutcome(entry, sender.id, { settings, recipientSide }));
    },

    /**
     * Relays "typing" / "stopped typing" (throttled), only where a message would be delivered
     * into a conversation: never to someone who blocks you or refuses you, never into a request,
     * never to someone who may not see you online, never from a request you have not written
     * back to (see typingRelayed). Says nothing back either way.
     */
    async typing(sender: Sender, input: { to: string; typing: boolean }): Promise<void> {
      const recipientId = await known.idOf(sender, input.to);
      if (!recipientId || recipientId === sender.id) return;
      if (!typing.shouldRelay(sender.id, recipientId, input.typing)) return;
      const entry = await state.get(recipientId);
      if (!entry) return;
      const [settings, recipientSide, typistSide, hidden] = await Promise.all([
        inboxes.settings(recipientId),
        messages.conversation(recipientId, sender.id),
        messages.conversation(sender.id, recipientId),
        presence.hiddenFrom(sender.id, recipientId),
        state.loadVisibility([sender.id]), // rules about hidden watchers need it
      ]);
      const outcome = deliveryOutcome(entry, sender.id, { settings, recipientSide });
      if (!typingRelayed({ outcome, hidden, typistSide })) return;
      notifier.typing(recipientId, { from: sender.username, typing: input.typing });
    },

    close() {
      clearInterval(typingSweep);
    },
  };
}
export type MessagingService = ReturnType<typeof createMessagingService>;
