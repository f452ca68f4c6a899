// The group conversation store's contract (lib/db/groups/group-store.ts), the same on every
// backend: creation (idempotent), system lines moving members' ranges, sends (one row each,
// retries refused), pages and catch-up within each member's range, marks, flags.
// (tests/contracts/group-store.test.ts is about the buddy list's contact groups.)
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { DuplicateGroupMessageError, type MembershipChange, type NewGroupMessage } from "@/lib/db/groups/group-store";
import type { Storage } from "@/lib/db/storage";
import { describeContract, newAccount } from "./backends";

const line = (groupId: string, senderId: string, event: string): NewGroupMessage => ({
  id: randomUUID(),
  groupId,
  senderId,
  clientId: randomUUID(),
  body: "",
  event,
  sentAt: new Date(),
});
const text = (groupId: string, senderId: string, body: string, clientId: string = randomUUID()): NewGroupMessage => ({
  id: randomUUID(),
  groupId,
  senderId,
  clientId,
  body,
  sentAt: new Date(),
});

/** A group made by `a` with b and c as members. */
async function trio(storage: Storage) {
  const a = await newAccount(storage, "a");
  const b = await newAccount(storage, "b");
  const c = await newAccount(storage, "c");
  const groupId = randomUUID();
  const clientId = randomUUID();
  const changes: MembershipChange[] = [
    { line: line(groupId, a.id, "created"), move: { kind: "enter", userId: a.id, role: "creator", state: "member", addedById: a.id } },
    { line: line(groupId, a.id, "added b"), move: { kind: "enter", userId: b.id, role: "member", state: "member", addedById: a.id } },
    { line: line(groupId, a.id, "added c"), move: { kind: "enter", userId: c.id, role: "member", state: "invited", addedById: a.id } },
  ];
  const group = await storage.groupConversations.create({ id: groupId, name: null, creatorId: a.id, clientId }, changes);
  return { a, b, c, groupId, clientId, group };
}

const full = { clearedSeq: 0, untilSeq: null };

describeContract("group conversation store", (storage) => {
  it("creates a group with its lines and members once per client id", async () => {
    const { a, b, c, groupId, clientId, group } = await trio(storage());
    expect(group).toMatchObject({ id: groupId, name: null, creatorId: a.id, clientId });
    expect(await storage().groupConversations.create({ id: randomUUID(), name: "again", creatorId: a.id, clientId }, [])).toBeNull();
    expect(await storage().groupConversations.findCreated(a.id, clientId)).toMatchObject({ id: groupId });
    const members = await storage().groupConversations.members(groupId);
    expect(members.map((member) => [member.userId, member.role, member.state])).toEqual([
      [a.id, "creator", "member"],
      [b.id, "member", "member"],
      [c.id, "member", "invited"],
    ]);
    const lines = (await storage().groupConversations.page(groupId, { fromSeq: 0, ...full }, undefined, 10, [])).messages;
    expect(lines.map((stored) => stored.event)).toEqual(["added c", "added b", "created"]);
    // Those in it from the start see it from its first line.
    expect(members.map((member) => member.fromSeq)).toEqual([lines[2]!.seq, lines[2]!.seq, lines[2]!.seq]);
    expect(members.every((member) => member.untilSeq === null && member.readSeq === 0 && !member.muted)).toBe(true);
    expect((await storage().groupConversations.membershipsOf(b.id)).map((member) => member.groupId)).toEqual([groupId]);
  });

  it("stores each message once with a growing seq; a client id used before is refused, also in a race", async () => {
    const { a, b, groupId } = await trio(storage());
    const together = await Promise.all(
      Array.from({ length: 20 }, (_, index) => storage().groupConversations.add(text(groupId, index % 2 ? a.id : b.id, `m${index}`))),
    );
    const seqs = together.map((stored) => stored.seq);
    expect(new Set(seqs).size).toBe(20);
    expect(together[0]).toMatchObject({ groupId, senderId: b.id, body: "m0", event: null, replyToSeq: null, editedAt: null });
    const clientId = randomUUID();
    const racing = await Promise.allSettled([1, 2, 3].map(() => storage().groupConversations.add(text(groupId, a.id, "race", clientId))));
    expect(racing.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of racing) if (result.status === "rejected") expect(result.reason).toBeInstanceOf(DuplicateGroupMessageError);
    const first = racing.find((result) => result.status === "fulfilled")!;
    expect(await storage().groupConversations.findSent(a.id, clientId)).toEqual((first as PromiseFulfilledResult<unknown>).value);
    expect(await storage().groupConversations.byId(together[3]!.id)).toEqual(together[3]);
    expect(await storage().groupConversations.bySeq([together[4]!.seq])).toEqual([together[4]]);
    expect(await storage().groupConversations.lastSeq(groupId)).toBe(Math.max(...seqs, (first as PromiseFulfilledResult<{ seq: number }>).value.seq));
  });

  it("reads many groups, their newest seqs and their members' list entries at once, as one at a time", async () => {
    const one = await trio(storage());
    const two = await trio(storage());
    const store = storage().groupConversations;
    const fromB = await store.add(text(one.groupId, one.b.id, "from b"));
    const fromA = await store.add(text(one.groupId, one.a.id, "from a"));
    await store.change(one.groupId, [{ line: line(one.groupId, one.b.id, "left"), move: { kind: "exit", userId: one.b.id, state: "left" } }]);
    const later = await store.add(text(one.groupId, one.a.id, "later"));
    const unknown = randomUUID();
    const loaded = await store.groupsWithMembers([one.groupId, two.groupId, unknown, one.groupId]);
    expect(loaded.map(({ group }) => group.id).sort()).toEqual([one.groupId, two.groupId].sort());
    for (const { group, members } of loaded) expect(members).toEqual(await store.members(group.id));
    const newest = await store.lastSeqs([one.groupId, two.groupId, unknown]);
    expect(Object.fromEntries(newest)).toEqual({ [one.groupId]: later.seq, [two.groupId]: await store.lastSeq(two.groupId), [unknown]: 0 });
    const rowOf = async (groupId: string, userId: string) => (await store.member(groupId, userId))!;
    const requests = [
      // a: b's message unread, its own not; the newest line is a's own.
      { groupId: one.groupId, userId: one.a.id, range: await rowOf(one.groupId, one.a.id), readSeq: 0, unreadOmit: [], lastOmit: [] },
      // b left: nothing after its "left" line; with a left out, only lines and its own.
      { groupId: one.groupId, userId: one.b.id, range: await rowOf(one.groupId, one.b.id), readSeq: 0, unreadOmit: [one.a.id], lastOmit: [one.a.id] },
      // a has read up to a's message: nothing unread.
      { groupId: one.groupId, userId: one.a.id, range: await rowOf(one.groupId, one.a.id), readSeq: fromA.seq, unreadOmit: [], lastOmit: [] },
      { groupId: two.groupId, userId: two.c.id, range: { fromSeq: later.seq + 1_000_000, untilSeq: null, clearedSeq: 0 }, readSeq: 0, unreadOmit: [], lastOmit: [] },
    ];
    const overviews = await store.overviews(requests);
    expect(overviews).toEqual([
      { unread: 1, lastSeq: later.seq },
      { unread: 0, lastSeq: fromB.seq + 2 }, // its "left" line
      { unread: 0, lastSeq: later.seq },
      { unread: 0, lastSeq: null },
    ]);
    for (const [index, request] of requests.entries()) {
      expect(overviews[index]!.unread).toBe(await store.unreadCount(request.groupId, request.userId, request.range, request.readSeq, request.unreadOmit));
      const page = await store.page(request.groupId, request.range, undefined, 1, request.lastOmit);
      expect(overviews[index]!.lastSeq).toBe(page.messages[0]?.seq ?? null);
    }
  });

  it("moves ranges: a member who leaves keeps what came before and gets nothing after; added again, a new range", async () => {
    const { a, b, groupId } = await trio(storage());
    const before = await storage().groupConversations.add(text(groupId, a.id, "before"));
    const [left] = await storage().groupConversations.change(groupId, [
      { line: line(groupId, b.id, "left"), move: { kind: "exit", userId: b.id, state: "left" } },
    ]);
    const between = await storage().groupConversations.add(text(groupId, a.id, "between"));
    let row = (await storage().groupConversations.member(groupId, b.id))!;
    expect(row).toMatchObject({ state: "left", untilSeq: left!.seq });
    const seen = await storage().groupConversations.after(b.id, before.seq - 1, 50);
    expect(seen.messages.map((stored) => stored.seq)).toEqual([before.seq, left!.seq]);
    const [added] = await storage().groupConversations.change(groupId, [
      { line: line(groupId, a.id, "added b"), move: { kind: "enter", userId: b.id, role: "member", state: "member", addedById: a.id } },
    ]);
    await storage().groupConversations.add(text(groupId, a.id, "after"));
    row = (await storage().groupConversations.member(groupId, b.id))!;
    expect(row).toMatchObject({ state: "member", fromSeq: added!.seq, untilSeq: null });
    const again = await storage().groupConversations.after(b.id, before.seq - 1, 50);
    expect(again.messages.map((stored) => stored.body || stored.event)).toEqual(["added b", "after"]);
    expect(again.messages.some((stored) => stored.seq === between.seq)).toBe(false);
    // An invited member who joins becomes a member; one who declines gets nothing any more.
    const { c } = await trio(storage());
    const other = (await storage().groupConversations.membershipsOf(c.id))[0]!;
    await storage().groupConversations.change(other.groupId, [
      { line: line(other.groupId, c.id, "joined"), move: { kind: "join", userId: c.id } },
    ]);
    expect((await storage().groupConversations.member(other.groupId, c.id))!.state).toBe("member");
    await storage().groupConversations.change(other.groupId, [
      { line: line(other.groupId, c.id, "left"), move: { kind: "exit", userId: c.id, state: "declined" } },
    ]);
    expect((await storage().groupConversations.after(c.id, 0, 50)).messages).toEqual([]);
  });

  it("pages newest first within a range, leaves out senders asked to, and catches up across groups in order", async () => {
    const first = await trio(storage());
    const { a, b, groupId } = first;
    const sent = [];
    for (let index = 0; index < 5; index++) sent.push(await storage().groupConversations.add(text(groupId, index % 2 ? a.id : b.id, `p${index}`)));
    const range = { fromSeq: sent[1]!.seq, clearedSeq: 0, untilSeq: sent[3]!.seq };
    const page = await storage().groupConversations.page(groupId, range, undefined, 2, []);
    expect(page.messages.map((stored) => stored.body)).toEqual(["p3", "p2"]);
    expect(page.hasMore).toBe(true);
    expect((await storage().groupConversations.page(groupId, range, sent[2]!.seq, 2, [])).messages.map((stored) => stored.body)).toEqual(["p1"]);
    expect((await storage().groupConversations.page(groupId, range, undefined, 5, [b.id])).messages.map((stored) => stored.body)).toEqual(["p3", "p1"]);
    // A system line stays whoever caused it.
    const all = { fromSeq: 0, clearedSeq: 0, untilSeq: null };
    const events = (await storage().groupConversations.page(groupId, all, undefined, 50, [a.id])).messages.filter((stored) => stored.event);
    expect(events.map((stored) => stored.event)).toEqual(["added c", "added b", "created"]);
    // b in a second group: catch-up interleaves both by seq.
    const secondId = randomUUID();
    await storage().groupConversations.create({ id: secondId, name: "two", creatorId: b.id, clientId: randomUUID() }, [
      { line: line(secondId, b.id, "created"), move: { kind: "enter", userId: b.id, role: "creator", state: "member", addedById: b.id } },
    ]);
    const last = await storage().groupConversations.add(text(groupId, a.id, "last"));
    const caught = await storage().groupConversations.after(b.id, sent[3]!.seq, 2);
    expect(caught.messages.map((stored) => stored.body || stored.event)).toEqual(["p4", "created"]);
    expect(caught.hasMore).toBe(true);
    expect((await storage().groupConversations.after(b.id, caught.messages[1]!.seq, 10)).messages.map((stored) => stored.seq)).toEqual([last.seq]);
  });

  it("counts unread messages above a mark, not system lines, nor one's own, nor the senders left out", async () => {
    const { a, b, c, groupId } = await trio(storage());
    const member = (await storage().groupConversations.member(groupId, b.id))!;
    const one = await storage().groupConversations.add(text(groupId, a.id, "1"));
    await storage().groupConversations.add(text(groupId, b.id, "mine"));
    await storage().groupConversations.add(text(groupId, c.id, "3"));
    await storage().groupConversations.add(text(groupId, a.id, "4"));
    expect(await storage().groupConversations.unreadCount(groupId, b.id, member, 0, [])).toBe(3);
    expect(await storage().groupConversations.unreadCount(groupId, b.id, member, one.seq, [])).toBe(2);
    expect(await storage().groupConversations.unreadCount(groupId, b.id, member, 0, [c.id])).toBe(2);
    expect(await storage().groupConversations.unreadCount(groupId, b.id, { ...member, clearedSeq: one.seq }, 0, [])).toBe(2);
  });

  it("moves marks forward only, reading implies having; sets flags, roles, names and cleared history", async () => {
    const { a, b, c, groupId } = await trio(storage());
    expect(await storage().groupConversations.advance(groupId, b.id, { deliveredSeq: 5 })).toEqual({ deliveredSeq: 5, readSeq: 0 });
    expect(await storage().groupConversations.advance(groupId, b.id, { readSeq: 7 })).toEqual({ deliveredSeq: 7, readSeq: 7 });
    expect(await storage().groupConversations.advance(groupId, b.id, { deliveredSeq: 3, readSeq: 2 })).toEqual({ deliveredSeq: 7, readSeq: 7 });
    expect(await storage().groupConversations.advance(randomUUID(), b.id, { readSeq: 1 })).toBeNull();
    // Several members at once, each only forward; an unknown member has no row to move.
    const many = await storage().groupConversations.advanceMany(groupId, [
      { userId: b.id, deliveredSeq: 6, readSeq: 8 },
      { userId: c.id, deliveredSeq: 4 },
      { userId: randomUUID(), readSeq: 3 },
    ]);
    expect(Object.fromEntries(many)).toEqual({ [b.id]: { deliveredSeq: 8, readSeq: 8 }, [c.id]: { deliveredSeq: 4, readSeq: 0 } });
    expect(await storage().groupConversations.member(groupId, b.id)).toMatchObject({ deliveredSeq: 8, readSeq: 8 });
    const pinnedAt = new Date("2026-01-02T03:04:05.000Z");
    await storage().groupConversations.setFlags(groupId, b.id, { pinnedAt, muted: true });
    await storage().groupConversations.setRole(groupId, b.id, "admin");
    await storage().groupConversations.clear(groupId, b.id, 9);
    await storage().groupConversations.clear(groupId, b.id, 4);
    expect(await storage().groupConversations.member(groupId, b.id)).toMatchObject({ pinnedAt, muted: true, markedUnread: false, role: "admin", clearedSeq: 9 });
    const renamed = await storage().groupConversations.rename(groupId, "Trip", line(groupId, a.id, "renamed"));
    expect(renamed).toMatchObject({ groupId, event: "renamed" });
    expect((await storage().groupConversations.group(groupId))!.name).toBe("Trip");
    expect(await storage().groupConversations.group(randomUUID())).toBeNull();
  });

  it("keeps reactions once per person and emoji; edits rewrite, retraction leaves a tombstone without reactions", async () => {
    const { a, b, groupId } = await trio(storage());
    const message = await storage().groupConversations.add(text(groupId, a.id, "react to me"));
    const at = new Date("2026-03-04T05:06:07.000Z");
    await storage().groupConversations.react(message.seq, b.id, "👍", true, at);
    await storage().groupConversations.react(message.seq, b.id, "👍", true, new Date());
    await storage().groupConversations.react(message.seq, a.id, "❤️", true, new Date(at.getTime() + 1000));
    await storage().groupConversations.react(message.seq, a.id, "😂", false, new Date());
    expect(await storage().groupConversations.reactions([message.seq])).toEqual([
      { messageSeq: message.seq, userId: b.id, emoji: "👍", createdAt: at },
      { messageSeq: message.seq, userId: a.id, emoji: "❤️", createdAt: new Date(at.getTime() + 1000) },
    ]);
    await storage().groupConversations.react(message.seq, b.id, "👍", false, new Date());
    expect((await storage().groupConversations.reactions([message.seq])).map((reaction) => reaction.emoji)).toEqual(["❤️"]);
    await storage().groupConversations.edit(message.seq, "edited", at);
    expect(await storage().groupConversations.byId(message.id)).toMatchObject({ body: "edited", editedAt: at, retractedAt: null });
    await storage().groupConversations.retract(message.seq, at);
    expect(await storage().groupConversations.byId(message.id)).toMatchObject({ body: "", retractedAt: at });
    expect(await storage().groupConversations.reactions([message.seq])).toEqual([]);
  });

  it("logs changes in order for those whose range holds the message and had not ended, and pages them", async () => {
    const { a, b, c, groupId } = await trio(storage());
    const store = storage().groupConversations;
    const first = await store.add(text(groupId, a.id, "first"));
    const second = await store.add(text(groupId, a.id, "second"));
    const at = new Date();
    const reacted = await store.react(first.seq, b.id, "👍", true, at);
    const edited = await store.edit(first.seq, "first, edited", at);
    const retracted = await store.retract(second.seq, at);
    expect(reacted).toBeLessThan(edited);
    expect(edited).toBeLessThan(retracted);
    const all = await store.changesFor(c.id, 0, 10);
    expect(all).toEqual({
      changes: [
        { seq: reacted, groupId, messageSeq: first.seq, actorId: b.id, kind: "react" },
        { seq: edited, groupId, messageSeq: first.seq, actorId: a.id, kind: "edit" },
        { seq: retracted, groupId, messageSeq: second.seq, actorId: a.id, kind: "retract" },
      ],
      cursor: retracted,
      hasMore: false,
    });
    const page = await store.changesFor(c.id, 0, 2);
    expect(page).toMatchObject({ cursor: edited, hasMore: true });
    expect((await store.changesFor(c.id, page.cursor, 2)).changes.map((change) => change.seq)).toEqual([retracted]);
    expect(await store.changesFor(c.id, retracted, 10)).toEqual({ changes: [], cursor: retracted, hasMore: false });
    expect(await store.newestChange(c.id)).toBe(retracted);

    // Someone never in it hears of nothing; a late member only of changes to messages in its range.
    const d = await newAccount(storage(), "d");
    expect(await store.newestChange(d.id)).toBe(0);
    // Asked together (the snapshots of one turn): each account its own cursor and groups.
    expect(await Promise.all([d.id, c.id].map((id) => store.newestChange(id)))).toEqual([0, retracted]);
    const memberships = await Promise.all([d.id, c.id].map((id) => store.membershipsOf(id)));
    expect(memberships.map((rows) => rows.map((row) => row.groupId))).toEqual([[], [groupId]]);
    expect(await store.changesFor(d.id, 0, 10)).toEqual({ changes: [], cursor: 0, hasMore: false });
    await store.change(groupId, [{ line: line(groupId, a.id, "added d"), move: { kind: "enter", userId: d.id, role: "member", state: "member", addedById: a.id } }]);
    const third = await store.add(text(groupId, b.id, "third"));
    const late = await store.react(third.seq, a.id, "❤️", true, at);
    await store.react(first.seq, a.id, "❤️", true, at);
    expect((await store.changesFor(d.id, 0, 10)).changes.map((change) => change.seq)).toEqual([late]);

    // c leaves: it heard of what changed before, nothing after (even in its range).
    await store.change(groupId, [{ line: line(groupId, c.id, "left"), move: { kind: "exit", userId: c.id, state: "left" } }]);
    await store.edit(third.seq, "third, edited", at);
    const heardByC = (await store.changesFor(c.id, retracted, 10)).changes;
    expect(heardByC.map((change) => change.kind)).toEqual(["react", "react"]);
    expect(heardByC.every((change) => change.seq <= late + 1)).toBe(true);
    expect((await store.changesFor(b.id, 0, 10)).changes.at(-1)).toMatchObject({ messageSeq: third.seq, kind: "edit", actorId: b.id });
  });
});
