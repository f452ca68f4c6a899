// Reads a group as each member sees it: loads the group, its members, their names and their
// access rules once (a GroupContext), then builds message views and summaries per viewer,
// applying the blocks both ways (rules/visibility.ts) and each member's range.
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { AttachmentWithBlob } from "@/lib/db/attachments/attachment-store";
import type {
  GroupConversationStore,
  MemberRange,
  StoredGroup,
  StoredGroupMember,
  StoredGroupMessage,
  StoredGroupReaction,
} from "@/lib/db/groups/group-store";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { PresenceAccess } from "@/lib/presence/presence-access";
import type { PresenceState } from "@/lib/presence/presence-state";
import type { GroupMessageView, GroupSummary } from "@/lib/protocol/groups";
import { type InboxSettings, type ReactionSummary, REPLY_QUOTE_MAX_LENGTH } from "@/lib/protocol/im";
import { attachmentView } from "../attachments-view";
import { currentMembers, groupMessageView, groupSummary } from "./group-views";
import { memberReceipts, receiptCounts } from "./rules/receipts";
import { messageVisibility, seqInRange } from "./rules/visibility";
import { mentions } from "./rules/mentions";
import { decodeEvent } from "./system-lines";

/** A group and everything its views are built from, read once per operation. */
export type GroupContext = {
  group: StoredGroup;
  /** Every row, past members too, oldest entry first. */
  members: StoredGroupMember[];
  member(userId: string): StoredGroupMember | undefined;
  username(userId: string): string | undefined;
  displayName(userId: string): string | undefined;
  /** Whether the owner's access rules block the other (false for oneself). */
  blocks(ownerId: string, otherId: string): boolean;
};

/** What views are built from, read already: reply targets, files, reactions, members' settings. */
export type KnownFacts = {
  targets: StoredGroupMessage[];
  attachments: Map<string, AttachmentWithBlob[]>;
  reactions: StoredGroupReaction[];
  settings: Map<string, InboxSettings>;
};

/** States whose range still shows: members, requests, and those who left or were removed. */
export const holdsHistory = (member: StoredGroupMember | undefined): member is StoredGroupMember =>
  member !== undefined && member.state !== "declined";

/** Whether a member's list shows the group: a left group until its history is deleted. */
export const listed = (member: StoredGroupMember): boolean =>
  member.state === "member" || member.state === "invited" || ((member.state === "left" || member.state === "removed") && member.clearedSeq < (member.untilSeq ?? 0));

export function createGroupReader(deps: {
  store: GroupConversationStore;
  accounts: Pick<AccountStore, "summaries">;
  state: Pick<PresenceState, "getMany" | "loadVisibility">;
  presence: Pick<PresenceAccess, "blocks" | "hiddenFrom">;
  inboxes: Pick<InboxSettingsStore, "settingsOf">;
  /** Files sent with messages (absent: none are shown). */
  attachments?: { ofMessages(messageIds: string[]): Promise<Map<string, AttachmentWithBlob[]>> };
}) {
  const { store } = deps;

  /** Reactions as the viewer sees them: none from someone either side blocks. */
  function reactionsFor(context: GroupContext, viewerId: string, seqs: number[], rows: StoredGroupReaction[]) {
    const bySeq = new Map<number, ReactionSummary[]>();
    const wanted = new Set(seqs);
    for (const reaction of rows) {
      if (!wanted.has(reaction.messageSeq)) continue;
      if (context.blocks(reaction.userId, viewerId) || context.blocks(viewerId, reaction.userId)) continue;
      const list = bySeq.get(reaction.messageSeq) ?? [];
      let summary = list.find((candidate) => candidate.emoji === reaction.emoji);
      if (!summary) {
        summary = { emoji: reaction.emoji, count: 0, mine: false, users: [] };
        list.push(summary);
      }
      summary.count += 1;
      summary.mine ||= reaction.userId === viewerId;
      summary.users.push(context.username(reaction.userId) ?? "someone");
      bySeq.set(reaction.messageSeq, list);
    }
    return bySeq;
  }

  /** Contexts of these groups, with every member's name and access rules read once for all. */
  async function contextsOf(loaded: { group: StoredGroup; members: StoredGroupMember[] }[], withNames = true): Promise<Map<string, GroupContext>> {
    const ids = [...new Set(loaded.flatMap(({ members }) => members.map((member) => member.userId)))];
    const [accounts, entries] = await Promise.all([
      withNames ? deps.accounts.summaries(ids) : [],
      deps.state.getMany(ids),
      deps.state.loadVisibility(ids), // rules about hidden watchers need it
    ]);
    const names = new Map(accounts.map((account) => [account.id, account]));
    return new Map(
      loaded.map(({ group, members }) => {
        const rows = new Map(members.map((member) => [member.userId, member]));
        const context: GroupContext = {
          group,
          members,
          member: (userId) => rows.get(userId),
          username: (userId) => names.get(userId)?.username,
          displayName: (userId) => names.get(userId)?.displayName,
          blocks(ownerId, otherId) {
            if (ownerId === otherId) return false;
            const entry = entries.get(ownerId);
            return entry ? deps.presence.blocks(entry, otherId) : false;
          },
        };
        return [group.id, context];
      }),
    );
  }

  /** `names: false`: for work that shows nobody's name (marks), the accounts are not read. */
  async function load(groupId: string, options: { names?: boolean } = {}): Promise<GroupContext | null> {
    const [group, members] = await Promise.all([store.group(groupId), store.members(groupId)]);
    if (!group) return null;
    return (await contextsOf([{ group, members }], options.names ?? true)).get(groupId) ?? null;
  }

  /** Several groups' contexts in a bounded number of statements (a tab's list, a search). */
  async function loadMany(groupIds: string[]): Promise<Map<string, GroupContext>> {
    return contextsOf(await store.groupsWithMembers(groupIds));
  }

  /** Members whose messages the viewer never gets: they block the viewer. */
  const omittedFor = (context: GroupContext, viewerId: string) =>
    context.members.filter((member) => context.blocks(member.userId, viewerId)).map((member) => member.userId);
  /** Members whose messages the viewer sees collapsed: the viewer blocks them. */
  const hiddenFor = (context: GroupContext, viewerId: string) =>
    context.members.filter((member) => context.blocks(viewerId, member.userId)).map((member) => member.userId);

  const rangeOf = (member: StoredGroupMember): MemberRange => ({
    fromSeq: member.fromSeq,
    untilSeq: member.untilSeq,
    clearedSeq: member.clearedSeq,
  });

  /** Receipts of a sender's messages, with the members' read-receipt settings. */
  async function receiptsOf(context: GroupContext, messages: StoredGroupMessage[], known?: Map<string, InboxSettings>) {
    const own = messages.filter((message) => message.event === null);
    if (own.length === 0) return new Map<number, ReturnType<typeof memberReceipts>>();
    const settings = known ?? (await deps.inboxes.settingsOf(context.members.map((member) => member.userId)));
    const members = context.members.map((member) => ({ ...member, readReceipts: settings.get(member.userId)?.readReceipts ?? true }));
    // Which members look offline to each sender (asked once per pair).
    const hidden = new Set<string>();
    for (const senderId of new Set(own.map((message) => message.senderId))) {
      for (const member of members) {
        if (member.userId !== senderId && (await deps.presence.hiddenFrom(member.userId, senderId))) hidden.add(`${member.userId}>${senderId}`);
      }
    }
    return new Map(
      own.map((message) => [
        message.seq,
        memberReceipts(message, members, {
          senderReadReceipts: settings.get(message.senderId)?.readReceipts ?? true,
          senderBlocks: (userId) => context.blocks(message.senderId, userId),
          hiddenFromSender: (userId) => hidden.has(`${userId}>${message.senderId}`),
        }),
      ]),
    );
  }

  /**
   * The messages as the viewer sees them, in the order given: those from someone who blocks the
   * viewer left out, those outside the viewer's range left out.
   */
  /**
   * `known`: what the views are built from, read already — for messages just stored (their reply
   * targets and files, no reactions yet), or for many views read at once (summaries) — so each
   * view reads nothing again.
   */
  async function views(
    context: GroupContext,
    viewerId: string,
    messages: StoredGroupMessage[],
    known?: KnownFacts,
  ): Promise<GroupMessageView[]> {
    const viewer = context.member(viewerId);
    if (!holdsHistory(viewer)) return [];
    const visible = messages
      .filter((message) => seqInRange(rangeOf(viewer), message.seq))
      .map((message) => ({
        message,
        visibility: messageVisibility({
          systemLine: message.event !== null,
          viewerIsSender: message.senderId === viewerId,
          viewerBlocksSender: context.blocks(viewerId, message.senderId),
          senderBlocksViewer: context.blocks(message.senderId, viewerId),
        }),
      }))
      .filter(({ visibility }) => visibility !== "omitted");
    const targetSeqs = visible.flatMap(({ message }) => (message.replyToSeq === null ? [] : [message.replyToSeq]));
    const shownIds = visible.filter(({ visibility }) => visibility === "shown").map(({ message }) => message);
    const shownSeqs = shownIds.map((message) => message.seq);
    const [targets, receipts, attachments, reactionRows] = await Promise.all([
      known ? known.targets : store.bySeq([...new Set(targetSeqs)]),
      receiptsOf(context, visible.filter(({ message }) => message.senderId === viewerId).map(({ message }) => message), known?.settings),
      known
        ? known.attachments
        : deps.attachments && shownIds.length > 0
          ? deps.attachments.ofMessages(shownIds.map((message) => message.id))
          : new Map<string, AttachmentWithBlob[]>(),
      known ? known.reactions : shownSeqs.length > 0 ? store.reactions(shownSeqs) : [],
    ]);
    const reactions = reactionsFor(context, viewerId, shownSeqs, reactionRows);
    // A group request shows names and sizes of files only, until it is accepted.
    const canFetch = viewer.state !== "invited";
    const targetBySeq = new Map(targets.map((target) => [target.seq, target]));
    const viewerUsername = context.username(viewerId) ?? "";
    return visible.map(({ message, visibility }) => {
      const target = message.replyToSeq === null ? undefined : targetBySeq.get(message.replyToSeq);
      const ownReceipts = receipts.get(message.seq);
      return groupMessageView(message, {
        viewerId,
        viewerUsername,
        sender: context.username(message.senderId) ?? "someone",
        hidden: visibility === "hidden",
        event: message.event === null ? null : decodeEvent(message.event, message.senderId, context.username),
        receipts: ownReceipts ? receiptCounts(ownReceipts) : null,
        attachments: (attachments.get(message.id) ?? []).map((attachment) => attachmentView(attachment, canFetch)),
        replyTo: target ? quote(context, viewer, target) : null,
        reactions: reactions.get(message.seq) ?? [],
      });
    });
  }

  /**
   * A message or system line just stored, as each of these viewers sees it: one view per
   * distinct way of seeing it — collapsed or not, mentioning the viewer or not, its quote
   * available or not, its files fetchable or not, the actor's own line — built once, with the
   * viewers who get it. Those it is left out for (outside their range, blocked by the sender)
   * are in none; so is the sender of a message (its view shows receipts: views() builds it).
   */
  function freshViews(context: GroupContext, message: StoredGroupMessage, viewerIds: string[], fresh: KnownFacts) {
    const shared = new Map<string, { view: GroupMessageView; viewerIds: string[] }>();
    const target = fresh.targets.find((candidate) => candidate.seq === message.replyToSeq);
    const sender = context.username(message.senderId) ?? "someone";
    const event = message.event === null ? null : decodeEvent(message.event, message.senderId, context.username);
    const files = fresh.attachments.get(message.id) ?? [];
    for (const viewerId of viewerIds) {
      const viewer = context.member(viewerId);
      const outgoing = viewerId === message.senderId;
      if ((outgoing && message.event === null) || !holdsHistory(viewer) || !seqInRange(rangeOf(viewer), message.seq)) continue;
      const visibility = messageVisibility({
        systemLine: message.event !== null,
        viewerIsSender: outgoing,
        viewerBlocksSender: context.blocks(viewerId, message.senderId),
        senderBlocksViewer: context.blocks(message.senderId, viewerId),
      });
      if (visibility === "omitted") continue;
      const viewerUsername = context.username(viewerId) ?? "";
      const replyTo = target ? quote(context, viewer, target) : null;
      const canFetch = viewer.state !== "invited";
      const key = [outgoing, visibility, mentions(message.body, viewerUsername), replyTo?.available ?? "-", files.length > 0 && canFetch].join();
      const known = shared.get(key);
      if (known) {
        known.viewerIds.push(viewerId);
        continue;
      }
      const view = groupMessageView(message, {
        viewerId,
        viewerUsername,
        sender,
        hidden: visibility === "hidden",
        event,
        receipts: null,
        attachments: files.map((attachment) => attachmentView(attachment, canFetch)),
        replyTo,
        reactions: [],
      });
      shared.set(key, { view, viewerIds: [viewerId] });
    }
    return [...shared.values()];
  }

  /** The quoted message above a reply, as the viewer has it. */
  function quote(context: GroupContext, viewer: StoredGroupMember, target: StoredGroupMessage): GroupMessageView["replyTo"] {
    const visibility = messageVisibility({
      systemLine: false,
      viewerIsSender: target.senderId === viewer.userId,
      viewerBlocksSender: context.blocks(viewer.userId, target.senderId),
      senderBlocksViewer: context.blocks(target.senderId, viewer.userId),
    });
    if (visibility !== "shown" || target.retractedAt !== null || !seqInRange(rangeOf(viewer), target.seq)) {
      return { id: target.id, available: false };
    }
    return {
      id: target.id,
      available: true,
      seq: target.seq,
      sender: context.username(target.senderId) ?? "someone",
      body: target.body.slice(0, REPLY_QUOTE_MAX_LENGTH),
    };
  }

  /** What views of these messages are built from, read once for all of them (nothing not needed). */
  async function knownFor(messages: StoredGroupMessage[], settingsOf: string[]): Promise<KnownFacts> {
    const targetSeqs = [...new Set(messages.flatMap((message) => (message.replyToSeq === null ? [] : [message.replyToSeq])))];
    const texts = messages.filter((message) => message.event === null);
    const [targets, attachments, reactions, settings] = await Promise.all([
      targetSeqs.length > 0 ? store.bySeq(targetSeqs) : [],
      deps.attachments && texts.length > 0 ? deps.attachments.ofMessages(texts.map((message) => message.id)) : new Map<string, AttachmentWithBlob[]>(),
      texts.length > 0 ? store.reactions(texts.map((message) => message.seq)) : [],
      settingsOf.length > 0 ? deps.inboxes.settingsOf(settingsOf) : new Map<string, InboxSettings>(),
    ]);
    return { targets, attachments, reactions, settings };
  }

  /**
   * The group as each viewer's list shows it (null where it is not in the viewer's list), read
   * in a bounded number of statements however many there are: a tab's whole list, or every
   * member of a group after a change.
   */
  async function summaries(requests: { context: GroupContext; viewerId: string }[]): Promise<(GroupSummary | null)[]> {
    const wanted = requests.flatMap(({ context, viewerId }, index) => {
      const viewer = context.member(viewerId);
      return viewer && listed(viewer) ? [{ index, context, viewer, omitted: omittedFor(context, viewerId) }] : [];
    });
    const overviews = await store.overviews(
      wanted.map(({ context, viewer, omitted }) => ({
        groupId: context.group.id,
        userId: viewer.userId,
        range: rangeOf(viewer),
        readSeq: viewer.readSeq,
        unreadOmit: [...omitted, ...hiddenFor(context, viewer.userId)],
        lastOmit: omitted,
      })),
    );
    const lastSeqs = [...new Set(overviews.flatMap(({ lastSeq }) => (lastSeq === null ? [] : [lastSeq])))];
    const lasts = new Map((lastSeqs.length > 0 ? await store.bySeq(lastSeqs) : []).map((message) => [message.seq, message]));
    const lastOf = (position: number) => {
      const seq = overviews[position]!.lastSeq;
      return seq === null ? undefined : lasts.get(seq);
    };
    // The members' settings only where a viewer's own message shows its receipts.
    const ownLast = wanted.filter(({ viewer }, position) => lastOf(position)?.senderId === viewer.userId);
    const known = await knownFor([...lasts.values()], [...new Set(ownLast.flatMap(({ context }) => context.members.map((member) => member.userId)))]);
    const answers: (GroupSummary | null)[] = requests.map(() => null);
    for (const [position, { index, context, viewer }] of wanted.entries()) {
      const last = lastOf(position);
      const [lastMessage] = last ? await views(context, viewer.userId, [last], known) : [];
      // Someone who left sees nobody in it any more: who came after is not theirs to know.
      const current = viewer.state === "member" || viewer.state === "invited" ? currentMembers(context.members) : [];
      answers[index] = groupSummary({
        groupId: context.group.id,
        name: context.group.name,
        viewer,
        members: current.map((member) => ({
          username: context.username(member.userId) ?? "someone",
          displayName: context.displayName(member.userId) ?? "someone",
          role: member.role,
          state: member.state === "invited" ? "invited" : "member",
        })),
        others: current.filter((member) => member.userId !== viewer.userId).map((member) => context.displayName(member.userId) ?? "someone"),
        unread: overviews[position]!.unread,
        lastMessage: lastMessage ?? null,
      });
    }
    return answers;
  }

  /** The group as the viewer's list shows it; null when it is not in the viewer's list. */
  async function summary(context: GroupContext, viewerId: string): Promise<GroupSummary | null> {
    const [answer] = await summaries([{ context, viewerId }]);
    return answer ?? null;
  }

  /** Whether the viewer sees the message with its files: in range, not a request, not hidden, not deleted. */
  async function shownTo(viewerId: string, messageId: string): Promise<boolean> {
    const message = await store.byId(messageId);
    const context = message && (await load(message.groupId));
    const viewer = context?.member(viewerId);
    if (!message || !context || !holdsHistory(viewer) || viewer.state === "invited" || message.retractedAt !== null) return false;
    if (!seqInRange(rangeOf(viewer), message.seq)) return false;
    return (
      messageVisibility({
        systemLine: message.event !== null,
        viewerIsSender: message.senderId === viewerId,
        viewerBlocksSender: context.blocks(viewerId, message.senderId),
        senderBlocksViewer: context.blocks(message.senderId, viewerId),
      }) === "shown"
    );
  }

  return {
    load,
    loadMany,
    views,
    freshViews,
    summaries,
    shownTo,
    summary,
    rangeOf,
    omittedFor,
    receiptsOf,
    /** A page of the group as the viewer has it, newest first. */
    async page(context: GroupContext, viewerId: string, beforeSeq: number | undefined, limit: number) {
      const viewer = context.member(viewerId);
      if (!holdsHistory(viewer)) return { messages: [], hasMore: false };
      const page = await store.page(context.group.id, rangeOf(viewer), beforeSeq, limit, omittedFor(context, viewerId));
      return { messages: await views(context, viewerId, page.messages), hasMore: page.hasMore };
    },
  };
}
export type GroupReader = ReturnType<typeof createGroupReader>;
