// Members' delivered and read marks, coalesced per group: the marks that reach a group in one
// turn of the event loop, or while its previous batch is being written, are written together
// (each member's highest, marks only move forward), and each sender is told once per batch of
// the receipts that changed — counted for those messages only, from the members' rows in
// memory, not for a page per confirmation. A 1 000-member fan-out's confirmations cost a few
// batches instead of 999 rebuilds.
import type { GroupConversationStore, MarkAdvance, Marks, StoredGroupMessage } from "@/lib/db/groups/group-store";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { PresenceAccess } from "@/lib/presence/presence-access";
import type { GroupReceiptsChanged } from "@/lib/protocol/groups";
import { type GroupContext, type GroupReader, holdsHistory } from "./group-reader";
import type { GroupNotifier } from "./notifier";
import { countsDiffer, memberReceipts, movedSpan, type ReceiptMember, receiptCounts } from "./rules/receipts";

/** The newest messages of a span whose receipts are recounted (a member back after long). */
const RECEIPT_WINDOW = 500;

const higher = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

export function createGroupMarks(deps: {
  store: GroupConversationStore;
  reader: GroupReader;
  /** Whether a member looks offline to a sender: its receipts then say nothing. */
  presence: Pick<PresenceAccess, "hiddenFrom">;
  inboxes: Pick<InboxSettingsStore, "settingsOf">;
  notifier: Pick<GroupNotifier, "groupReceiptsChanged">;
}) {
  const { store, reader } = deps;
  type Waiter = { resolve: () => void; reject: (error: unknown) => void };
  const queued = new Map<string, { marks: Map<string, MarkAdvance>; waiters: Waiter[] }>();
  const draining = new Set<string>();

  async function drain(groupId: string) {
    for (let batch = queued.get(groupId); batch; batch = queued.get(groupId)) {
      queued.delete(groupId);
      try {
        await write(groupId, [...batch.marks.values()]);
        for (const waiter of batch.waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of batch.waiters) waiter.reject(error);
      }
    }
    draining.delete(groupId);
  }

  /** Writes a batch: each mark capped at the group's newest seq and the member's range. */
  async function write(groupId: string, marks: MarkAdvance[]) {
    const [loaded, last] = await Promise.all([reader.load(groupId, { names: false }), store.lastSeq(groupId)]);
    if (!loaded) return;
    const moves: MarkAdvance[] = [];
    for (const mark of marks) {
      const own = loaded.member(mark.userId);
      // A request sends no receipts until accepted.
      if (!holdsHistory(own) || own.state === "invited") continue;
      const cap = Math.min(last, own.untilSeq ?? Infinity);
      moves.push({
        userId: mark.userId,
        deliveredSeq: mark.deliveredSeq === undefined ? undefined : Math.min(mark.deliveredSeq, cap),
        readSeq: mark.readSeq === undefined ? undefined : Math.min(mark.readSeq, cap),
      });
    }
    if (moves.length === 0) return;
    const now = await store.advanceMany(groupId, moves);
    const spans = moves.flatMap(({ userId }) => {
      const after = now.get(userId);
      const span = after && movedSpan(loaded.member(userId)!, after);
      return span ? [{ userId, ...span }] : [];
    });
    if (spans.length > 0) await tellSenders(loaded, now, spans);
  }

  /** Each sender hears, once, of its messages whose counts these moves changed. */
  async function tellSenders(loaded: GroupContext, now: Map<string, Marks>, spans: { userId: string; from: number; to: number }[]) {
    const from = Math.min(...spans.map((span) => span.from));
    const to = Math.max(...spans.map((span) => span.to));
    const page = await store.page(loaded.group.id, { fromSeq: from + 1, untilSeq: to, clearedSeq: 0 }, undefined, RECEIPT_WINDOW, []);
    const moved = (message: StoredGroupMessage) =>
      message.event === null && spans.some((span) => span.userId !== message.senderId && message.seq > span.from && message.seq <= span.to);
    // Oldest first, as the sender's tabs apply them.
    const candidates = page.messages.filter(moved).reverse();
    if (candidates.length === 0) return;
    const settings = await deps.inboxes.settingsOf(loaded.members.map((member) => member.userId));
    const before: ReceiptMember[] = loaded.members.map((member) => ({ ...member, readReceipts: settings.get(member.userId)?.readReceipts ?? true }));
    const after = before.map((member) => ({ ...member, ...now.get(member.userId) }));
    const bySender = new Map<string, GroupReceiptsChanged["changes"]>();
    const hiddenBySender = new Map<string, Set<string>>();
    for (const message of candidates) {
      let hidden = hiddenBySender.get(message.senderId);
      if (!hidden) {
        // Asked once per sender and batch: who looks offline to it says nothing through receipts.
        hidden = new Set<string>();
        for (const member of loaded.members) {
          if (member.userId !== message.senderId && (await deps.presence.hiddenFrom(member.userId, message.senderId))) hidden.add(member.userId);
        }
        hiddenBySender.set(message.senderId, hidden);
      }
      const facts = {
        senderReadReceipts: settings.get(message.senderId)?.readReceipts ?? true,
        senderBlocks: (userId: string) => loaded.blocks(message.senderId, userId),
        hiddenFromSender: (userId: string) => hidden.has(userId),
      };
      const was = receiptCounts(memberReceipts(message, before, facts));
      const is = receiptCounts(memberReceipts(message, after, facts));
      // Counts that did not change tell nothing (a mover who looks offline changes none).
      if (!countsDiffer(was, is)) continue;
      bySender.set(message.senderId, [...(bySender.get(message.senderId) ?? []), { messageId: message.id, receipts: is }]);
    }
    for (const [senderId, changes] of bySender) deps.notifier.groupReceiptsChanged(senderId, { groupId: loaded.group.id, changes });
  }

  return {
    /** Moves a member's marks (after this turn, with the others'); resolves once written and told. */
    move(groupId: string, mark: MarkAdvance): Promise<void> {
      return new Promise((resolve, reject) => {
        let batch = queued.get(groupId);
        if (!batch) {
          batch = { marks: new Map(), waiters: [] };
          queued.set(groupId, batch);
        }
        const earlier = batch.marks.get(mark.userId);
        batch.marks.set(mark.userId, {
          userId: mark.userId,
          deliveredSeq: higher(earlier?.deliveredSeq, mark.deliveredSeq),
          readSeq: higher(earlier?.readSeq, mark.readSeq),
        });
        batch.waiters.push({ resolve, reject });
        if (draining.has(groupId)) return;
        draining.add(groupId);
        setImmediate(() => void drain(groupId));
      });
    },
  };
}
export type GroupMarks = ReturnType<typeof createGroupMarks>;
