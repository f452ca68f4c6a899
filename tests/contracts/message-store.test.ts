// The message store's contract (lib/db/im/message-store.ts), the same on every backend: seqs,
// retries, both sides' conversations, pages, read and delivery marks, deletion per side.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { type ArchiveRange, DuplicateMessageError, type NewMessage } from "@/lib/db/im/message-store";
import type { Storage } from "@/lib/db/storage";
import { describeContract, newAccount } from "./backends";

const message = (senderId: string, recipientId: string, body = "hello", clientId: string = randomUUID()): NewMessage => ({
  id: randomUUID(),
  senderId,
  recipientId,
  clientId,
  body,
  sentAt: new Date(),
});

/** Two accounts; `a` writes to `b` `count` times (b's side accepted). */
async function pair(storage: Storage, count = 0) {
  const a = await newAccount(storage, "a");
  const b = await newAccount(storage, "b");
  const sent = [];
  for (let index = 0; index < count; index++) sent.push(await storage.messages.add(message(a.id, b.id, `m${index}`), "accepted"));
  return { a, b, sent };
}

describeContract("message store", (storage) => {
  it("gives each message a larger seq than any before, also when many are stored at once", async () => {
    const { a, b, sent } = await pair(storage(), 2);
    expect(sent[1]!.seq).toBeGreaterThan(sent[0]!.seq);
    const together = await Promise.all(
      Array.from({ length: 30 }, (_, index) => storage().messages.add(message(index % 2 ? a.id : b.id, index % 2 ? b.id : a.id), "accepted")),
    );
    const seqs = together.map((stored) => stored.seq);
    expect(new Set(seqs).size).toBe(30);
    expect(Math.min(...seqs)).toBeGreaterThan(sent[1]!.seq);
    expect((await storage().messages.after(a.id, sent[1]!.seq, 100)).messages.map((stored) => stored.seq)).toEqual([...seqs].sort((x, y) => x - y));
  });

  it("stores a client id once per sender: a retry, even in the same batch, is refused and the first answers", async () => {
    const { a, b } = await pair(storage());
    const clientId = randomUUID();
    const first = await storage().messages.add(message(a.id, b.id, "once", clientId), "accepted");
    await expect(storage().messages.add(message(a.id, b.id, "again", clientId), "accepted")).rejects.toBeInstanceOf(DuplicateMessageError);
    const raced = randomUUID();
    const racing = await Promise.allSettled(
      [1, 2, 3].map(() => storage().messages.add(message(a.id, b.id, "race", raced), "accepted")),
    );
    expect(racing.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of racing) if (result.status === "rejected") expect(result.reason).toBeInstanceOf(DuplicateMessageError);
    expect(await storage().messages.findSent(a.id, clientId)).toEqual(first);
    expect((await storage().messages.sendFacts(a.id, b.id, clientId)).earlier).toEqual(first);
    // Another sender may use the same client id.
    await expect(storage().messages.add(message(b.id, a.id, "mine", clientId), "accepted")).resolves.toMatchObject({ clientId });
    const page = await storage().messages.page(b.id, a.id, undefined, 50);
    expect(page.messages.map((stored) => stored.body).sort()).toEqual(["mine", "once", "race"]);
    // By seq, the same rows as the page gives (in any order).
    const bySeq = await storage().messages.bySeq(page.messages.map((stored) => stored.seq));
    expect([...bySeq].sort((x, y) => x.seq - y.seq)).toEqual([...page.messages].sort((x, y) => x.seq - y.seq));
  });

  it("answers what a send decides on: nothing stored yet, the defaults, then both sides", async () => {
    const { a, b } = await pair(storage());
    expect(await storage().messages.sendFacts(a.id, b.id, "none")).toEqual({
      earlier: null,
      settings: { acceptFrom: "everyone", readReceipts: true, notifyWhileBusy: false },
      recipientSide: null,
      senderSide: null,
    });
    await storage().inboxSettings.save(b.id, { acceptFrom: "contacts", readReceipts: false });
    const stored = await storage().messages.add(message(a.id, b.id), "request");
    const facts = await storage().messages.sendFacts(a.id, b.id, "other");
    expect(facts.settings).toEqual({ acceptFrom: "contacts", readReceipts: false, notifyWhileBusy: false });
    expect(facts.recipientSide).toEqual({
      ownerId: b.id,
      peerId: a.id,
      state: "request",
      lastSeq: stored.seq,
      lastReadSeq: 0,
      peerReadSeq: 0,
      acknowledged: true,
      pinnedAt: null,
      muted: false,
      markedUnread: false,
    });
    expect(facts.senderSide).toMatchObject({ ownerId: a.id, peerId: b.id, state: "accepted", lastSeq: stored.seq });
  });

  it("a missing row answers null or nothing", async () => {
    const { a, b } = await pair(storage());
    expect(await storage().messages.conversation(a.id, b.id)).toBeNull();
    expect(await storage().messages.findSent(a.id, "nothing")).toBeNull();
    expect(await storage().messages.conversationsWith(a.id, [])).toEqual([]);
    expect(await storage().messages.conversationsWith(a.id, [b.id])).toEqual([]);
    expect(await storage().messages.bySeq([])).toEqual([]);
    expect(await storage().messages.unconfirmed(b.id, [])).toEqual([]);
    expect(await storage().messages.confirmDelivered(b.id, [], new Date())).toEqual([]);
    expect(await storage().messages.listed(a.id, 10)).toEqual([]);
    expect(await storage().messages.page(a.id, b.id, undefined, 10)).toEqual({ messages: [], hasMore: false });
    expect(await storage().messages.advancePeerRead(a.id, b.id, 5)).toBe(false);
    expect(await storage().messages.accept(a.id, b.id)).toBe(false);
    expect(await storage().messages.acknowledge(a.id, b.id)).toBe(false);
  });

  it("a message held back is the sender's only: no conversation, nothing in the recipient's inbox", async () => {
    const { a, b } = await pair(storage());
    await storage().messages.add(message(b.id, a.id, "earlier"), "accepted");
    await storage().messages.clear((await storage().messages.conversation(a.id, b.id))!, "declined");
    const held = await storage().messages.add(message(b.id, a.id, "held"), null);
    expect(await storage().messages.conversation(a.id, b.id)).toMatchObject({ state: "declined", lastSeq: 0 });
    expect((await storage().messages.page(a.id, b.id, undefined, 10)).messages).toEqual([]);
    expect((await storage().messages.page(b.id, a.id, undefined, 10)).messages.map((stored) => stored.id)).toContain(held.id);
    expect(await storage().messages.unconfirmed(a.id, [held.id])).toEqual([]);
  });

  it("a request accepted in the same batch as a message makes the side accepted; a later request does not undo it", async () => {
    const { a, b } = await pair(storage());
    await Promise.all([
      storage().messages.add(message(a.id, b.id, "1"), "request"),
      storage().messages.add(message(a.id, b.id, "2"), "accepted"),
    ]);
    expect((await storage().messages.conversation(b.id, a.id))!.state).toBe("accepted");
    await storage().messages.add(message(a.id, b.id, "3"), "request");
    expect((await storage().messages.conversation(b.id, a.id))!.state).toBe("accepted");
  });

  it("lists conversations newest first with unread counts, within the limit, leaving out cleared and declined ones", async () => {
    const owner = await newAccount(storage(), "owner");
    const peers = [await newAccount(storage(), "p"), await newAccount(storage(), "p"), await newAccount(storage(), "p")];
    await storage().messages.add(message(peers[0]!.id, owner.id), "accepted");
    await storage().messages.add(message(peers[1]!.id, owner.id), "request");
    await storage().messages.add(message(peers[1]!.id, owner.id), "request");
    await storage().messages.add(message(owner.id, peers[2]!.id), "accepted");
    const listed = await storage().messages.listed(owner.id, 10);
    expect(listed.map((side) => [side.peerId, side.state, side.unread])).toEqual([
      [peers[2]!.id, "accepted", 0],
      [peers[1]!.id, "request", 2],
      [peers[0]!.id, "accepted", 1],
    ]);
    expect((await storage().messages.listed(owner.id, 2)).map((side) => side.peerId)).toEqual([peers[2]!.id, peers[1]!.id]);
    // Asked together (as the connects of one turn do), each inbox gets its own list and limit.
    const together = await Promise.all([
      storage().messages.listed(owner.id, 1),
      storage().messages.listed(peers[1]!.id, 10),
      storage().messages.listed(owner.id, 10),
    ]);
    expect(together.map((list) => list.map((side) => [side.ownerId, side.peerId, side.unread]))).toEqual([
      [[owner.id, peers[2]!.id, 0]],
      [[peers[1]!.id, owner.id, 0]],
      listed.map((side) => [owner.id, side.peerId, side.unread]),
    ]);
    await storage().messages.clear((await storage().messages.conversation(owner.id, peers[1]!.id))!, "declined");
    expect((await storage().messages.listed(owner.id, 10)).map((side) => side.peerId)).toEqual([peers[2]!.id, peers[0]!.id]);
  });

  it("pages a conversation newest first and catches up oldest first, bounded, saying whether more exist", async () => {
    const { a, b } = await pair(storage());
    const seqs = [];
    for (let index = 0; index < 5; index++) {
      seqs.push((await storage().messages.add(message(index % 2 ? b.id : a.id, index % 2 ? a.id : b.id, `m${index}`), "accepted")).seq);
    }
    const first = await storage().messages.page(a.id, b.id, undefined, 2);
    expect(first.messages.map((stored) => stored.seq)).toEqual([seqs[4], seqs[3]]);
    expect(first.hasMore).toBe(true);
    const last = await storage().messages.page(a.id, b.id, seqs[2], 2);
    expect(last).toMatchObject({ hasMore: false });
    expect(last.messages.map((stored) => stored.seq)).toEqual([seqs[1], seqs[0]]);
    expect((await storage().messages.page(a.id, b.id, seqs[0], 2)).messages).toEqual([]);
    const exact = await storage().messages.page(a.id, b.id, undefined, 5);
    expect(exact.hasMore).toBe(false);
    expect(exact.messages).toHaveLength(5);

    const caughtUp = await storage().messages.after(b.id, seqs[0]!, 3);
    expect(caughtUp.messages.map((stored) => stored.seq)).toEqual([seqs[1], seqs[2], seqs[3]]);
    expect(caughtUp.hasMore).toBe(true);
    expect(await storage().messages.after(b.id, seqs[4]!, 3)).toEqual({ messages: [], hasMore: false });
    expect((await storage().messages.bySeq([seqs[3]!, seqs[1]!])).map((stored) => stored.seq).sort()).toEqual([seqs[1], seqs[3]].sort());
  });

  it("stores a message as it was given, undelivered", async () => {
    const { a, b } = await pair(storage());
    const given = message(a.id, b.id, "exactly this ✓");
    const stored = await storage().messages.add(given, "accepted");
    expect(stored).toEqual({ ...given, seq: stored.seq, deliveredAt: null });
    expect(await storage().messages.bySeq([stored.seq])).toEqual([stored]);
  });

  it("marks read up to a seq, never past the newest message, and says when the mark did not move", async () => {
    const { a, b, sent } = await pair(storage(), 3);
    const side = (await storage().messages.conversation(b.id, a.id))!;
    expect(await storage().messages.unreadCount(b.id, a.id, 0)).toBe(3);
    expect(await storage().messages.markRead(side, sent[1]!.seq, new Date())).toBe(sent[1]!.seq);
    expect(await storage().messages.markRead(side, sent[0]!.seq, new Date())).toBeNull();
    const moved = (await storage().messages.conversation(b.id, a.id))!;
    expect(moved.lastReadSeq).toBe(sent[1]!.seq);
    expect(await storage().messages.markRead(moved, sent[2]!.seq + 1000, new Date())).toBe(sent[2]!.seq);
    expect((await storage().messages.listed(b.id, 10)).find((listed) => listed.peerId === a.id)!.unread).toBe(0);
    // A stale copy of the conversation cannot move the mark back.
    expect(await storage().messages.markRead(side, sent[1]!.seq, new Date())).toBeNull();
  });

  it("advances the peer's read mark only forwards", async () => {
    const { a, b } = await pair(storage(), 1);
    expect(await storage().messages.advancePeerRead(a.id, b.id, 5)).toBe(true);
    expect(await storage().messages.advancePeerRead(a.id, b.id, 5)).toBe(false);
    expect(await storage().messages.advancePeerRead(a.id, b.id, 3)).toBe(false);
    expect((await storage().messages.conversation(a.id, b.id))!.peerReadSeq).toBe(5);
  });

  it("confirms delivery only of what the recipient received and still has, in a conversation it accepted and wrote in", async () => {
    const { a, b } = await pair(storage());
    const requested = await storage().messages.add(message(a.id, b.id, "request"), "request");
    const at = new Date("2026-01-02T03:04:05.000Z");
    expect(await storage().messages.unconfirmed(b.id, [requested.id])).toEqual([{ id: requested.id, senderId: a.id }]);
    expect(await storage().messages.confirmDelivered(b.id, [requested.id], at)).toEqual([]);
    expect(await storage().messages.accept(b.id, a.id)).toBe(true);
    expect(await storage().messages.accept(b.id, a.id)).toBe(false);
    expect((await storage().messages.conversation(b.id, a.id))!).toMatchObject({ state: "accepted", acknowledged: false });
    expect(await storage().messages.confirmDelivered(b.id, [requested.id], at)).toEqual([]);
    expect(await storage().messages.acknowledge(b.id, a.id)).toBe(true);
    expect(await storage().messages.acknowledge(b.id, a.id)).toBe(false);
    const later = await storage().messages.add(message(a.id, b.id, "later"), "accepted");
    // The sender cannot confirm for the recipient.
    expect(await storage().messages.confirmDelivered(a.id, [later.id], at)).toEqual([]);
    expect(await storage().messages.confirmDelivered(b.id, [later.id, requested.id], at)).toEqual([
      { id: requested.id, senderId: a.id },
      { id: later.id, senderId: a.id },
    ]);
    expect(await storage().messages.confirmDelivered(b.id, [later.id], at)).toEqual([]);
    expect((await storage().messages.bySeq([later.seq]))[0]!.deliveredAt).toEqual(at);
  });

  it("reads an archive range: one peer or all, between seqs, within a time range, from either end", async () => {
    const { a, b } = await pair(storage());
    const c = await newAccount(storage(), "c");
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
    const m = [
      await storage().messages.add({ ...message(a.id, b.id, "1"), sentAt: at(1) }, "accepted"),
      await storage().messages.add({ ...message(b.id, a.id, "2"), sentAt: at(2) }, "accepted"),
      await storage().messages.add({ ...message(c.id, b.id, "3"), sentAt: at(3) }, "accepted"),
      await storage().messages.add({ ...message(a.id, b.id, "4"), sentAt: at(4) }, "accepted"),
    ];
    const bodies = async (range: Partial<ArchiveRange>) => {
      const page = await storage().messages.archive(b.id, { peerId: null, limit: 10, order: "asc", ...range });
      return { bodies: page.messages.map((stored) => stored.body), hasMore: page.hasMore };
    };
    expect(await bodies({})).toEqual({ bodies: ["1", "2", "3", "4"], hasMore: false });
    expect(await bodies({ peerId: a.id })).toEqual({ bodies: ["1", "2", "4"], hasMore: false });
    expect(await bodies({ limit: 2 })).toEqual({ bodies: ["1", "2"], hasMore: true });
    expect(await bodies({ limit: 2, order: "desc" })).toEqual({ bodies: ["4", "3"], hasMore: true });
    expect(await bodies({ afterSeq: m[0]!.seq, beforeSeq: m[3]!.seq })).toEqual({ bodies: ["2", "3"], hasMore: false });
    expect(await bodies({ start: at(2), end: at(3) })).toEqual({ bodies: ["2", "3"], hasMore: false });
    // What the owner deleted is not in its archive; the peer keeps its copy.
    await storage().messages.remove(b.id, [m[1]!.id]);
    expect(await bodies({ peerId: a.id })).toEqual({ bodies: ["1", "4"], hasMore: false });
    expect((await storage().messages.archive(a.id, { peerId: b.id, limit: 10, order: "asc" })).messages).toHaveLength(3);
  });

  it("lists undelivered messages from a peer up to a seq, and marks them delivered as told", async () => {
    const { a, b, sent } = await pair(storage(), 3);
    expect(await storage().messages.undeliveredFrom(b.id, a.id, sent[1]!.seq)).toEqual([
      { id: sent[0]!.id, senderId: a.id },
      { id: sent[1]!.id, senderId: a.id },
    ]);
    const at = new Date("2026-02-03T04:05:06.000Z");
    await storage().messages.markDelivered([sent[0]!.id], at);
    await storage().messages.markDelivered([], at);
    expect((await storage().messages.undeliveredFrom(b.id, a.id)).map((row) => row.id)).toEqual([sent[1]!.id, sent[2]!.id]);
    expect((await storage().messages.bySeq([sent[0]!.seq]))[0]!.deliveredAt).toEqual(at);
  });

  it("lists the owner's undelivered messages from every peer, oldest first, up to a limit", async () => {
    const { a, b, sent } = await pair(storage(), 3);
    const c = await newAccount(storage());
    const fromC = await storage().messages.add(message(c.id, b.id, "from c"), "request");
    await storage().messages.markDelivered([sent[1]!.id], new Date());
    expect((await storage().messages.undelivered(b.id, 10)).map((row) => row.id)).toEqual([sent[0]!.id, sent[2]!.id, fromC.id]);
    expect((await storage().messages.undelivered(b.id, 1)).map((row) => row.body)).toEqual([sent[0]!.body]);
    expect(await storage().messages.undelivered(a.id, 10)).toEqual([]);
  });

  it("clears a conversation for its owner only, keeping a message that arrives afterwards", async () => {
    const { a, b, sent } = await pair(storage(), 2);
    const side = (await storage().messages.conversation(b.id, a.id))!;
    const arriving = await storage().messages.add(message(a.id, b.id, "after"), "accepted");
    await storage().messages.clear(side);
    // The conversation moved on meanwhile: it stays, with the new message only.
    expect((await storage().messages.conversation(b.id, a.id))!.lastSeq).toBe(arriving.seq);
    expect((await storage().messages.page(b.id, a.id, undefined, 10)).messages.map((stored) => stored.id)).toEqual([arriving.id]);
    expect((await storage().messages.page(a.id, b.id, undefined, 10)).messages).toHaveLength(3);
    const current = (await storage().messages.conversation(b.id, a.id))!;
    await storage().messages.clear(current);
    expect(await storage().messages.conversation(b.id, a.id)).toMatchObject({ lastSeq: 0, lastReadSeq: arriving.seq, state: "accepted" });
    expect(await storage().messages.listed(b.id, 10)).toEqual([]);
    expect(sent).toHaveLength(2);
  });

  it("removes messages from the owner's inbox only, and points the conversation at what remains", async () => {
    const { a, b, sent } = await pair(storage(), 3);
    const stranger = await newAccount(storage(), "s");
    const removed = await storage().messages.remove(b.id, [sent[2]!.id, sent[1]!.id, "no-such-id"]);
    expect(removed.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [{ id: sent[1]!.id, peerId: a.id }, { id: sent[2]!.id, peerId: a.id }].sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(await storage().messages.remove(stranger.id, [sent[0]!.id])).toEqual([]);
    expect(await storage().messages.remove(b.id, [sent[1]!.id])).toEqual([]);
    expect((await storage().messages.page(b.id, a.id, undefined, 10)).messages.map((stored) => stored.id)).toEqual([sent[0]!.id]);
    expect((await storage().messages.page(a.id, b.id, undefined, 10)).messages).toHaveLength(3);
    await storage().messages.refreshLastSeq((await storage().messages.conversation(b.id, a.id))!);
    expect((await storage().messages.conversation(b.id, a.id))!.lastSeq).toBe(sent[0]!.seq);
    // A stale copy does not move a conversation that moved on.
    const stale = (await storage().messages.conversation(b.id, a.id))!;
    const newer = await storage().messages.add(message(a.id, b.id, "newer"), "accepted");
    await storage().messages.refreshLastSeq(stale);
    expect((await storage().messages.conversation(b.id, a.id))!.lastSeq).toBe(newer.seq);
  });

  it("answers the conversations with some peers", async () => {
    const { a, b } = await pair(storage(), 1);
    const other = await newAccount(storage(), "o");
    expect((await storage().messages.conversationsWith(a.id, [b.id, other.id])).map((side) => side.peerId)).toEqual([b.id]);
    // Each as it is read alone, flags and dates included.
    await storage().messages.setFlags(a.id, b.id, { pinnedAt: new Date("2030-01-02T03:04:05.678Z"), muted: true });
    expect(await storage().messages.conversationsWith(a.id, [b.id])).toEqual([await storage().messages.conversation(a.id, b.id)]);
    expect(await storage().messages.conversationsWith(b.id, [a.id])).toEqual([await storage().messages.conversation(b.id, a.id)]);
  });

  it("sets the owner's marks on a conversation, says whether anything changed, and send facts carry them", async () => {
    const { a, b } = await pair(storage(), 1);
    const pinnedAt = new Date("2026-12-01T10:00:00.000Z");
    expect(await storage().messages.setFlags(b.id, a.id, { pinnedAt, muted: true, markedUnread: true })).toBe(true);
    expect(await storage().messages.conversation(b.id, a.id)).toMatchObject({ pinnedAt, muted: true, markedUnread: true });
    // The same marks again change nothing; the peer's side never moves.
    expect(await storage().messages.setFlags(b.id, a.id, { pinnedAt: new Date(), muted: true, markedUnread: true })).toBe(false);
    expect((await storage().messages.conversation(b.id, a.id))!.pinnedAt).toEqual(pinnedAt);
    expect(await storage().messages.conversation(a.id, b.id)).toMatchObject({ pinnedAt: null, muted: false, markedUnread: false });
    expect((await storage().messages.sendFacts(a.id, b.id, "next")).recipientSide).toMatchObject({ pinnedAt, muted: true, markedUnread: true });
    expect((await storage().messages.listed(b.id, 10))[0]).toMatchObject({ peerId: a.id, pinnedAt, muted: true, markedUnread: true });
    expect(await storage().messages.setFlags(b.id, a.id, { pinnedAt: null, markedUnread: false })).toBe(true);
    expect(await storage().messages.conversation(b.id, a.id)).toMatchObject({ pinnedAt: null, muted: true, markedUnread: false });
    const other = await newAccount(storage(), "o");
    expect(await storage().messages.setFlags(b.id, other.id, { muted: true })).toBe(false);
    expect(await storage().messages.setFlags(b.id, a.id, {})).toBe(false);
  });

  it("lists pinned conversations first, newest first among them, and counts only listed pins", async () => {
    const owner = await newAccount(storage(), "owner");
    const peers = [await newAccount(storage(), "p"), await newAccount(storage(), "p"), await newAccount(storage(), "p"), await newAccount(storage(), "p")];
    for (const peer of peers) await storage().messages.add(message(peer.id, owner.id), "accepted");
    // Newest first: 3, 2, 1, 0. Pin 0 and then 2 (the pin time does not order them).
    await storage().messages.setFlags(owner.id, peers[2]!.id, { pinnedAt: new Date("2026-01-01T00:00:00Z") });
    await storage().messages.setFlags(owner.id, peers[0]!.id, { pinnedAt: new Date("2026-02-01T00:00:00Z") });
    expect(await storage().messages.pinnedCount(owner.id)).toBe(2);
    const order = async (limit = 10) => (await storage().messages.listed(owner.id, limit)).map((side) => peers.findIndex((peer) => peer.id === side.peerId));
    expect(await order()).toEqual([2, 0, 3, 1]);
    expect(await order(1)).toEqual([2]);
    await storage().messages.add(message(peers[0]!.id, owner.id), "accepted");
    expect(await order()).toEqual([0, 2, 3, 1]);
    // Clearing a conversation takes its pin and unread mark away (the mute stays).
    await storage().messages.setFlags(owner.id, peers[2]!.id, { muted: true, markedUnread: true });
    await storage().messages.clear((await storage().messages.conversation(owner.id, peers[2]!.id))!);
    expect(await storage().messages.conversation(owner.id, peers[2]!.id)).toMatchObject({ pinnedAt: null, muted: true, markedUnread: false });
    expect(await storage().messages.pinnedCount(owner.id)).toBe(1);
    expect(await order()).toEqual([0, 3, 1]);
  });
});
