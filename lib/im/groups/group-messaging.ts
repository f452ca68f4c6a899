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
import { heardBy } from "./group-changes";
import { createGroupMarks } from "./group-marks";
import { type GroupContext, type GroupReader, holdsHistory } from "./group-reader";
import { noGroup } from "./group-service";
import { currentMembers, groupTitle } from "./group-views";
import type { GroupNotifier } from "./notifier";
import { shouldNotifyGroup } from "./rules/mentions";
import { seqInRange, typingReaches } from "./rules/visibility";

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
  const marks = createGroupMarks(deps);
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
   * The messages changed after a change seq that the member hears of (the same rules as live:
   * group-changes.ts), each once, as it sees them now; the cursor passes those left out.
   */
  async function changesSince(
    userId: string,
    afterSeq: number,
    limit: number,
    loadOnce: (groupId: string) => Promise<GroupContext | null>,
  ) {
    const page = await store.changesFor(userId, afterSeq, limit);
    const heard: number[] = [];
    for (const change of page.changes) {
      const loaded = await loadOnce(change.groupId);
      if (loaded && heardBy(loaded, userId, change.actorId, change.kind) && !heard.includes(change.messageSeq)) heard.push(change.messageSeq);
    }
    const bySeq = new Map((await store.bySeq(heard)).map((message) => [message.seq, message]));
    const changed: GroupMessageView[] = [];
    for (const seq of heard) {
      const message = bySeq.get(seq);
      const loaded = message && (await loadOnce(message.groupId));
      if (message && loaded) changed.push(...(await reader.views(loaded, userId, [message])));
    }
    return { changed, changeCursor: page.cursor, changesHaveMore: page.hasMore };
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

      // Every member in it now hears of it, as each may see it: members who see it alike (and
      // are notified alike) get one emit together.
      const current = currentMembers(loaded.members);
      const fresh = { targets: target ? [target] : [], attachments: new Map([[stored.id, attached]]), reactions: [], settings };
      const shared = reader.freshViews(loaded, stored, current.map((member) => member.userId), fresh);
      // A title names at most three others: the first four in it hold them, whoever the viewer.
      const firstNames = current.slice(0, 4).map((member) => ({ userId: member.userId, name: loaded.displayName(member.userId) ?? "someone" }));
      const pushBody = stored.body || attachmentSummary(attached.map((attachment) => attachmentView(attachment, false)));
      for (const { view, viewerIds } of shared) {
        const notified: string[] = [];
        const quiet: string[] = [];
        for (const userId of viewerIds) {
          const member = loaded.member(userId)!;
          const busy = entries.get(userId)?.doc.availability === "busy";
          const notifyWhileBusy = settings.get(userId)?.notifyWhileBusy ?? false;
          const notify =
            member.state === "member" &&
            !view.hidden &&
            shouldNotifyGroup({ busy, notifyWhileBusy, muted: member.muted, mentioned: view.mentionsYou });
          (notify ? notified : quiet).push(userId);
          if (member.state !== "member" || view.hidden) continue;
          const others = firstNames.filter((first) => first.userId !== userId).map((first) => first.name);
          deps.push?.groupMessageDelivered({
            recipientId: userId,
            from: sender.username,
            groupId: input.groupId,
            group: groupTitle(loaded.group.name, others, current.length - 1),
            messageId: stored.id,
            body: pushBody,
            mention: view.mentionsYou,
            busy,
            notifyWhileBusy,
            muted: member.muted,
          });
        }
        notifier.groupReceived(notified, { message: view, notify: true });
        notifier.groupReceived(quiet, { message: view, notify: false });
      }
      const [view] = await reader.views(loaded, sender.id, [stored], fresh);
      notifier.groupReceived([sender.id], { message: view!, notify: false }, origin);
      return view!;
    },

    /** A page of the group as the caller has it, newest first (nothing for a group it was never in). */
    async history(user: Sender, input: { groupId: string; beforeSeq?: number; limit: number }): Promise<GroupMessagePage> {
      const loaded = await reader.load(input.groupId);
      if (!loaded) return { messages: [], hasMore: false };
      return reader.page(loaded, user.id, input.beforeSeq, input.limit);
    },

    /**
     * Everything in the caller's groups after a seq, oldest first: what a tab missed while away;
     * with `changesAfter`, also the messages it had that changed since, as it sees them now.
     */
    async sync(user: Sender, input: { afterSeq: number; limit: number; changesAfter?: number }): Promise<GroupSyncPage> {
      const page = await store.after(user.id, input.afterSeq, input.limit);
      const contexts = new Map<string, GroupContext | null>();
      const loadOnce = async (groupId: string) => {
        if (!contexts.has(groupId)) contexts.set(groupId, await reader.load(groupId));
        return contexts.get(groupId) ?? null;
      };
      const messages: GroupMessageView[] = [];
      for (const message of page.messages) {
        const loaded = await loadOnce(message.groupId);
        if (loaded) messages.push(...(await reader.views(loaded, user.id, [message])));
      }
      // The cursor passes what was left out too, so catch-up never stalls on it.
      const cursor = page.messages.at(-1)?.seq ?? input.afterSeq;
      if (input.changesAfter === undefined) return { messages, hasMore: page.hasMore, cursor };
      return { messages, hasMore: page.hasMore, cursor, ...(await changesSince(user.id, input.changesAfter, input.limit, loadOnce)) };
    },

    /** The caller read the group up to a seq: unread and marks move, senders' receipts follow. */
    async markRead(user: Sender, input: { groupId: string; upToSeq: number }): Promise<GroupSummary> {
      const loaded = await context(input.groupId);
      const own = loaded.member(user.id);
      if (!holdsHistory(own)) throw noGroup();
      // A request sends no receipts until accepted.
      if (own.state !== "invited") {
        await marks.move(input.groupId, { userId: user.id, readSeq: input.upToSeq });
        if (own.markedUnread) await store.setFlags(input.groupId, user.id, { markedUnread: false });
      }
      const after = await context(input.groupId);
      const summary = await reader.summary(after, user.id);
      if (!summary) throw noGroup();
      notifier.groupChanged(user.id, summary);
      return summary;
    },

    /** A device of the caller has the group's messages up to a seq. */
    async markDelivered(user: Sender, input: { groupId: string; upToSeq: number }): Promise<void> {
      // Checked and written with the other confirmations of this turn (group-marks.ts).
      await marks.move(input.groupId, { userId: user.id, deliveredSeq: input.upToSeq });
    },

    /** Relays typing (throttled) to the members who would see the typist's messages. Says nothing back. */
    async typing(user: Sender, input: { groupId: string; typing: boolean }): Promise<void> {
      const loaded = await reader.load(input.groupId, { names: false });
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
