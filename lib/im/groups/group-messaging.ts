// Group conversations' traffic: send (one stored row, fanned out to every member's tabs as each
// may see it), history, catch-up across groups, delivered and read marks with the senders'
// receipts, typing, and who has one of your messages. Blocks inside a group follow
// rules/visibility.ts: the blocker sees the blocked person's messages collapsed; the blocked
// person never gets the blocker's. The sender is always the session's account; a retried send
// (same client id) is the same message, stored once.
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/accounts/account-service";
import { DuplicateGroupMessageError, type GroupConversationStore, type StoredGroupMessage } from "@/lib/db/groups/group-store";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { PresenceAccess } from "@/lib/presence/presence-access";
import type { PresenceState } from "@/lib/presence/presence-state";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { GroupMessagePage, GroupMessageView, GroupReceipts, GroupSummary, GroupSyncPage } from "@/lib/protocol/groups";
import { TYPING_TIMEOUT_MS } from "@/lib/protocol/im";
import type { PushHook } from "@/lib/push/hook";
import { attachmentSummary } from "@/lib/protocol/attachment-summary";
import type { AttachmentService } from "../attachments/attachment-service";
import { attachmentView } from "../attachments-view";
import type { SendLimiter } from "../send-limiter";
import { createTypingThrottle } from "../typing-throttle";
import { type GroupContext, type GroupReader, holdsHistory } from "./group-reader";
import { noGroup } from "./group-service";
import { currentMembers, groupTitle } from "./group-views";
import type { GroupNotifier } from "./notifier";
import { mentions, shouldNotifyGroup } from "./rules/mentions";
import { receiptCounts } from "./rules/receipts";
import { messageVisibility, seqInRange, typingReaches } from "./rules/visibility";

type Sender = Pick<SessionUser, "id" | "username">;

export function createGroupMessaging(deps: {
  store: GroupConversationStore;
  reader: GroupReader;
  state: Pick<PresenceState, "getMany">;
  /** Whether a member looks offline to another: receipts and typing must not say otherwise. */
  presence: Pick<PresenceAccess, "hiddenFrom">;
  inboxes: Pick<InboxSettingsStore, "settingsOf">;
  notifier: GroupNotifier;
  limiter: SendLimiter;
  /** Pictures and files sent with messages (absent: sends with attachments are refused). */
  attachments?: Pick<AttachmentService, "reserve" | "release" | "ofMessages">;
  /** Reaches members' devices when no tab of theirs is on screen (Web Push). */
  push?: Pick<PushHook, "groupMessageDelivered">;
  now?: () => number;
}) {
  const { store, reader, notifier } = deps;
  const now = deps.now ?? Date.now;
  const typing = createTypingThrottle(now);
  const typingSweep = setInterval(() => typing.sweep(), TYPING_TIMEOUT_MS);
  typingSweep.unref();

  async function context(groupId: string): Promise<GroupContext> {
    const loaded = await reader.load(groupId);
    if (!loaded) throw noGroup();
    return loaded;
  }

  /** A retry of a stored message gets that message back. */
  async function sendAgain(
    sender: Sender,
    earlier: StoredGroupMessage,
    input: { groupId: string; body: string; replyTo?: string; attachments?: string[] },
  ) {
    const target = earlier.replyToSeq === null ? null : (await store.bySeq([earlier.replyToSeq]))[0];
    const attached = deps.attachments ? ((await deps.attachments.ofMessages([earlier.id])).get(earlier.id) ?? []) : [];
    const sameAttachments = attached.map((attachment) => attachment.id).join() === (input.attachments ?? []).join();
    if (earlier.groupId !== input.groupId || earlier.body !== input.body || (target?.id ?? undefined) !== input.replyTo || !sameAttachments) {
      throw new ServiceError(ErrorCode.conflict, "This clientId belongs to another message: use a new one for every message.", {
        issues: [{ path: "clientId", message: "Already used for another message." }],
      });
    }
    const [view] = await reader.views(await context(earlier.groupId), sender.id, [earlier]);
    if (!view) throw noGroup();
    return view;
  }

  /** The message a reply points at: one of this group that the sender has and sees. */
  async function replyTarget(loaded: GroupContext, senderId: string, replyTo: string | undefined) {
    if (replyTo === undefined) return null;
    const target = await store.byId(replyTo);
    const own = loaded.member(senderId)!;
    const seen =
      target !== null &&
      target.groupId === loaded.group.id &&
      target.event === null &&
      seqInRange(reader.rangeOf(own), target.seq) &&
      !loaded.blocks(target.senderId, senderId);
    if (!seen) {
      throw new ServiceError(ErrorCode.invalid_payload, "You can only reply to a message of this group.", {
        issues: [{ path: "replyTo", message: "Not a message of this group." }],
      });
    }
    return target;
  }

  /**
   * Tells each sender of these messages (other than `reader`) how its receipts stand now. Called
   * after a member's marks moved.
   */
  async function releaseReceipts(groupId: string, readerId: string, fromSeq: number, toSeq: number) {
    if (toSeq <= fromSeq) return;
    const loaded = await context(groupId);
    const page = await store.page(groupId, { fromSeq: fromSeq + 1, untilSeq: toSeq, clearedSeq: 0 }, undefined, 500, []);
    const theirs = page.messages.filter((message) => message.event === null && message.senderId !== readerId);
    const receipts = await reader.receiptsOf(loaded, theirs);
    const bySender = new Map<string, { messageId: string; receipts: NonNullable<GroupMessageView["receipts"]> }[]>();
    for (const message of theirs) {
      const counted = receipts.get(message.seq);
      // Only where the reader is among those the message went to.
      if (!counted?.some((receipt) => receipt.userId === readerId)) continue;
      const list = bySender.get(message.senderId) ?? [];
      list.push({ messageId: message.id, receipts: receiptCounts(counted) });
      bySender.set(message.senderId, list);
    }
    for (const [senderId, changes] of bySender) {
      // A reader who looks offline to the sender tells it nothing, not even that something moved.
      if (await deps.presence.hiddenFrom(readerId, senderId)) continue;
      notifier.groupReceiptsChanged(senderId, { groupId, changes: changes.reverse() });
    }
  }

  return {
    async send(
      sender: Sender,
      input: { groupId: string; clientId: string; body: string; replyTo?: string; attachments?: string[] },
      origin?: string,
    ): Promise<GroupMessageView> {
      const earlier = await store.findSent(sender.id, input.clientId);
      if (earlier) return sendAgain(sender, earlier, input);
      const loaded = await context(input.groupId);
      const own = loaded.member(sender.id);
      if (own?.state === "invited") throw new ServiceError(ErrorCode.forbidden, "Accept the group request first.");
      if (own?.state !== "member") throw noGroup();
      const attachmentIds = input.attachments ?? [];
      if (attachmentIds.length > 0 && !deps.attachments) {
        throw new ServiceError(ErrorCode.invalid_payload, "Attachments are not available here.");
      }
      const target = await replyTarget(loaded, sender.id, input.replyTo);
      const wait = await deps.limiter.take(sender.id, input.groupId, { stranger: false });
      if (wait > 0) {
        throw new ServiceError(ErrorCode.rate_limited, "You are sending messages too fast. Wait a moment and try again.", { retryAfter: wait });
      }
      // What the fan-out decides on, read before the message is stored: from the commit on,
      // nothing waits for I/O until every member's tabs have it, so they get messages in seq order.
      const everyone = loaded.members.map((member) => member.userId);
      const [entries, settings] = await Promise.all([deps.state.getMany(everyone), deps.inboxes.settingsOf(everyone)]);
      const messageId = randomUUID();
      // Uploads are attached just before the message is written (a refused send attaches nothing).
      const attached = deps.attachments ? await deps.attachments.reserve(sender.id, attachmentIds, messageId) : [];
      let stored: StoredGroupMessage;
      try {
        stored = await store.add({
          id: messageId,
          groupId: input.groupId,
          senderId: sender.id,
          clientId: input.clientId,
          body: input.body,
          sentAt: new Date(now()),
          replyToSeq: target?.seq ?? null,
        });
      } catch (error) {
        if (attached.length > 0) await deps.attachments!.release(sender.id, messageId);
        const raced = error instanceof DuplicateGroupMessageError ? await store.findSent(sender.id, input.clientId) : null;
        if (!raced) throw error;
        return sendAgain(sender, raced, input);
      }
      typing.reset(sender.id, input.groupId);

      // Every member in it now hears of it, as each may see it.
      const recipients = currentMembers(loaded.members).filter(
        (member) =>
          member.userId !== sender.id &&
          messageVisibility({
            systemLine: false,
            viewerIsSender: false,
            viewerBlocksSender: loaded.blocks(member.userId, sender.id),
            senderBlocksViewer: loaded.blocks(sender.id, member.userId),
          }) !== "omitted",
      );
      const fresh = { targets: target ? [target] : [], attachments: new Map([[stored.id, attached]]), settings };
      for (const member of recipients) {
        const [view] = await reader.views(loaded, member.userId, [stored], fresh);
        if (!view) continue;
        const mentioned = mentions(stored.body, loaded.username(member.userId) ?? "");
        const notify =
          member.state === "member" &&
          !view.hidden &&
          shouldNotifyGroup({
            busy: entries.get(member.userId)?.doc.availability === "busy",
            notifyWhileBusy: settings.get(member.userId)?.notifyWhileBusy ?? false,
            muted: member.muted,
            mentioned,
          });
        notifier.groupReceived(member.userId, { message: view, notify });
        if (member.state !== "member" || view.hidden) continue;
        const others = currentMembers(loaded.members).filter((other) => other.userId !== member.userId);
        deps.push?.groupMessageDelivered({
          recipientId: member.userId,
          from: sender.username,
          groupId: input.groupId,
          group: groupTitle(loaded.group.name, others.map((other) => loaded.displayName(other.userId) ?? "someone")),
          messageId: stored.id,
          body: stored.body || attachmentSummary(attached.map((attachment) => attachmentView(attachment, false))),
          mention: mentioned,
          busy: entries.get(member.userId)?.doc.availability === "busy",
          notifyWhileBusy: settings.get(member.userId)?.notifyWhileBusy ?? false,
          muted: member.muted,
        });
      }
      const [view] = await reader.views(loaded, sender.id, [stored], fresh);
      notifier.groupReceived(sender.id, { message: view!, notify: false }, origin);
      return view!;
    },

    /** A page of the group as the caller has it, newest first (nothing for a group it was never in). */
    async history(user: Sender, input: { groupId: string; beforeSeq?: number; limit: number }): Promise<GroupMessagePage> {
      const loaded = await reader.load(input.groupId);
      if (!loaded) return { messages: [], hasMore: false };
      return reader.page(loaded, user.id, input.beforeSeq, input.limit);
    },

    /** Everything in the caller's groups after a seq, oldest first: what a tab missed while away. */
    async sync(user: Sender, input: { afterSeq: number; limit: number }): Promise<GroupSyncPage> {
      const page = await store.after(user.id, input.afterSeq, input.limit);
      const contexts = new Map<string, GroupContext | null>();
      const messages: GroupMessageView[] = [];
      for (const message of page.messages) {
        if (!contexts.has(message.groupId)) contexts.set(message.groupId, await reader.load(message.groupId));
        const loaded = contexts.get(message.groupId);
        if (loaded) messages.push(...(await reader.views(loaded, user.id, [message])));
      }
      // The cursor passes what was left out too, so catch-up never stalls on it.
      const cursor = page.messages.at(-1)?.seq ?? input.afterSeq;
      return { messages, hasMore: page.hasMore, cursor };
    },

    /** The caller read the group up to a seq: unread and marks move, senders' receipts follow. */
    async markRead(user: Sender, input: { groupId: string; upToSeq: number }): Promise<GroupSummary> {
      const loaded = await context(input.groupId);
      const own = loaded.member(user.id);
      if (!holdsHistory(own)) throw noGroup();
      // A request sends no receipts until accepted.
      if (own.state !== "invited") {
        const last = Math.min(await store.lastSeq(input.groupId), own.untilSeq ?? Infinity);
        const upTo = Math.min(input.upToSeq, last);
        const marks = await store.advance(input.groupId, user.id, { readSeq: upTo });
        if (own.markedUnread) await store.setFlags(input.groupId, user.id, { markedUnread: false });
        if (marks && marks.readSeq > own.readSeq) await releaseReceipts(input.groupId, user.id, Math.min(own.readSeq, own.deliveredSeq), marks.readSeq);
      }
      const after = await context(input.groupId);
      const summary = await reader.summary(after, user.id);
      if (!summary) throw noGroup();
      notifier.groupChanged(user.id, summary);
      return summary;
    },

    /** A device of the caller has the group's messages up to a seq. */
    async markDelivered(user: Sender, input: { groupId: string; upToSeq: number }): Promise<void> {
      const loaded = await reader.load(input.groupId);
      const own = loaded?.member(user.id);
      if (!loaded || !own || own.state === "invited" || !holdsHistory(own)) return;
      const last = Math.min(await store.lastSeq(input.groupId), own.untilSeq ?? Infinity);
      const marks = await store.advance(input.groupId, user.id, { deliveredSeq: Math.min(input.upToSeq, last) });
      if (marks && marks.deliveredSeq > own.deliveredSeq) await releaseReceipts(input.groupId, user.id, own.deliveredSeq, marks.deliveredSeq);
    },

    /** Relays typing (throttled) to the members who would see the typist's messages. Says nothing back. */
    async typing(user: Sender, input: { groupId: string; typing: boolean }): Promise<void> {
      const loaded = await reader.load(input.groupId);
      if (loaded?.member(user.id)?.state !== "member") return;
      if (!typing.shouldRelay(user.id, input.groupId, input.typing)) return;
      for (const member of currentMembers(loaded.members)) {
        if (member.userId === user.id || member.state !== "member") continue;
        const reaches =
          typingReaches({
            viewerBlocksTypist: loaded.blocks(member.userId, user.id),
            typistBlocksViewer: loaded.blocks(user.id, member.userId),
          }) && !(await deps.presence.hiddenFrom(user.id, member.userId)); // typing shows one is around
        if (reaches) notifier.groupTyping(member.userId, { groupId: input.groupId, from: user.username, typing: input.typing });
      }
    },

    /** Who has one of the caller's messages and who read it (as their settings allow). */
    async receipts(user: Sender, input: { messageId: string }): Promise<GroupReceipts> {
      const message = await store.byId(input.messageId);
      const loaded = message && message.senderId === user.id && message.event === null ? await reader.load(message.groupId) : null;
      if (!message || !loaded || !holdsHistory(loaded.member(user.id))) {
        throw new ServiceError(ErrorCode.not_found, "There is no message of yours like that.");
      }
      const receipts = (await reader.receiptsOf(loaded, [message])).get(message.seq) ?? [];
      return {
        messageId: message.id,
        members: receipts.map((receipt) => ({
          username: loaded.username(receipt.userId) ?? "someone",
          delivered: receipt.delivered,
          read: receipt.read,
        })),
      };
    },

    close() {
      clearInterval(typingSweep);
    },
  };
}
export type GroupMessaging = ReturnType<typeof createGroupMessaging>;
