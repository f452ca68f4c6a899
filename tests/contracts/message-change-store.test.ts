// The message change store's contract (lib/db/im/message-change-store.ts) on every backend:
// edits and retractions in place (shared or the sender's own copy), reactions once per person
// and emoji, the change log by seq with retries refused, and search following the body.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { DuplicateChangeError, type NewChange } from "@/lib/db/im/message-change-store";
import { describeContract, newAccount } from "./backends";

const ANY = 2_147_483_647;

describeContract("message change store", (storage) => {
  async function pair(body = "hello world") {
    const a = await newAccount(storage(), "a");
    const b = await newAccount(storage(), "b");
    const first = await storage().messages.add(
      { id: randomUUID(), senderId: a.id, recipientId: b.id, clientId: randomUUID(), body, sentAt: new Date() },
      "accepted",
    );
    return { a, b, first };
  }
  const change = (base: { messageSeq: number; actorId: string; peerId: string }, rest: Partial<NewChange> & Pick<NewChange, "kind">) =>
    ({ hidden: false, clientId: randomUUID(), at: new Date(), ...base, ...rest }) as NewChange;

  it("stores a reply's target and reads details by seq and id", async () => {
    const { a, b, first } = await pair();
    const reply = await storage().messages.add(
      { id: randomUUID(), senderId: b.id, recipientId: a.id, clientId: randomUUID(), body: "re", sentAt: new Date(), replyToSeq: first.seq },
      "accepted",
    );
    const [details] = await storage().messageChanges.details([reply.seq]);
    expect(details).toMatchObject({ seq: reply.seq, replyToSeq: first.seq, editedAt: null, retractedAt: null, senderBody: null });
    expect(await storage().messageChanges.detailsById(first.id)).toMatchObject({ seq: first.seq, body: "hello world", replyToSeq: null });
    expect(await storage().messageChanges.detailsById(randomUUID())).toBeNull();
    // By seq, exactly what by id gives, for each message asked for.
    const both = await storage().messageChanges.details([first.seq, reply.seq]);
    expect([...both].sort((x, y) => x.seq - y.seq)).toEqual([
      await storage().messageChanges.detailsById(first.id),
      await storage().messageChanges.detailsById(reply.id),
    ]);
  });

  it("edits in place for both sides, or only the sender's copy when hidden; search follows the shared body", async () => {
    const { a, b, first } = await pair("hello world");
    const base = { messageSeq: first.seq, actorId: a.id, peerId: b.id };
    const at = new Date("2030-01-01T00:00:00.000Z");
    await storage().messageChanges.apply(change(base, { kind: "edit", body: "goodbye planet", at }));
    expect(await storage().messageChanges.detailsById(first.id)).toMatchObject({ body: "goodbye planet", editedAt: at, senderBody: null });
    expect(await storage().search.find(b.id, ["goodbye"], ANY, 10)).toEqual([first.seq]);
    expect(await storage().search.find(b.id, ["hello"], ANY, 10)).toEqual([]);
    await storage().messageChanges.apply(change(base, { kind: "edit", body: "secret", hidden: true }));
    expect(await storage().messageChanges.detailsById(first.id)).toMatchObject({ body: "goodbye planet", senderBody: "secret" });
    await storage().messageChanges.apply(change(base, { kind: "retract" }));
    expect(await storage().messageChanges.detailsById(first.id)).toMatchObject({ body: "", senderBody: null });
    expect((await storage().messageChanges.detailsById(first.id))!.retractedAt).not.toBeNull();
    expect(await storage().search.find(b.id, ["goodbye"], ANY, 10)).toEqual([]);
    expect(await storage().search.find(a.id, ["goodbye"], ANY, 10)).toEqual([]);
  });

  it("keeps one reaction per person and emoji; removes it; hidden ones are marked", async () => {
    const { a, b, first } = await pair();
    const byB = { messageSeq: first.seq, actorId: b.id, peerId: a.id };
    await storage().messageChanges.apply(change(byB, { kind: "react", emoji: "👍", on: true }));
    await storage().messageChanges.apply(change(byB, { kind: "react", emoji: "👍", on: true }));
    await storage().messageChanges.apply(change({ ...byB, actorId: a.id, peerId: b.id }, { kind: "react", emoji: "❤️", on: true, hidden: true }));
    const rows = await storage().messageChanges.reactions([first.seq]);
    expect(rows.map((row) => [row.userId, row.emoji, row.hidden]).sort()).toEqual(
      [
        [a.id, "❤️", true],
        [b.id, "👍", false],
      ].sort(),
    );
    for (const row of rows) expect(row).toEqual({ messageSeq: first.seq, userId: row.userId, emoji: row.emoji, hidden: row.hidden, createdAt: expect.any(Date) });
    await storage().messageChanges.apply(change(byB, { kind: "react", emoji: "👍", on: false }));
    expect((await storage().messageChanges.reactions([first.seq])).map((row) => row.emoji)).toEqual(["❤️"]);
  });

  it("reads a message, its reply target and the message's reactions in one call, as details and reactions give them", async () => {
    const { a, b, first } = await pair();
    const reply = await storage().messages.add(
      { id: randomUUID(), senderId: b.id, recipientId: a.id, clientId: randomUUID(), body: "re", sentAt: new Date(), replyToSeq: first.seq },
      "accepted",
    );
    const onFirst = { messageSeq: first.seq, actorId: b.id, peerId: a.id };
    const onReply = { messageSeq: reply.seq, actorId: a.id, peerId: b.id };
    await storage().messageChanges.apply(change(onFirst, { kind: "react", emoji: "👍", on: true }));
    await storage().messageChanges.apply(change(onReply, { kind: "react", emoji: "🎉", on: true, at: new Date("2030-01-01T00:00:00.000Z") }));
    await storage().messageChanges.apply(change(onReply, { kind: "react", emoji: "❤️", on: true, hidden: true, at: new Date("2030-01-02T00:00:00.000Z") }));
    await storage().messageChanges.apply(change(onReply, { kind: "edit", body: "re: edited", at: new Date("2030-01-03T00:00:00.000Z") }));

    const both = await storage().messageChanges.withReactions(reply.seq, first.seq);
    const bySeq = (rows: { seq: number }[]) => [...rows].sort((x, y) => x.seq - y.seq);
    expect(bySeq(both.details)).toEqual(bySeq(await storage().messageChanges.details([first.seq, reply.seq])));
    expect(both.reactions).toEqual(await storage().messageChanges.reactions([reply.seq]));
    expect(both.reactions.map((row) => [row.emoji, row.hidden])).toEqual([
      ["🎉", false],
      ["❤️", true],
    ]);
    const alone = await storage().messageChanges.withReactions(first.seq, null);
    expect(alone.details).toEqual(await storage().messageChanges.details([first.seq]));
    expect(alone.reactions.map((row) => row.emoji)).toEqual(["👍"]);
    expect(await storage().messageChanges.withReactions(2_000_000_000, null)).toEqual({ details: [], reactions: [] });
  });

  it("logs changes by seq for the actor and a peer not hidden from; a client id is used once", async () => {
    const { a, b, first } = await pair();
    const base = { messageSeq: first.seq, actorId: a.id, peerId: b.id };
    const clientId = randomUUID();
    const seq1 = await storage().messageChanges.apply(change(base, { kind: "edit", body: "one", clientId }));
    await expect(storage().messageChanges.apply(change(base, { kind: "edit", body: "two", clientId }))).rejects.toBeInstanceOf(DuplicateChangeError);
    expect(await storage().messageChanges.detailsById(first.id)).toMatchObject({ body: "one" });
    expect(await storage().messageChanges.findChange(a.id, clientId)).toEqual({ seq: seq1, messageSeq: first.seq, kind: "edit" });
    const seq2 = await storage().messageChanges.apply(change(base, { kind: "react", emoji: "😂", on: true, hidden: true }));
    expect(seq2).toBeGreaterThan(seq1);
    expect(await storage().messageChanges.changedFor(a.id, 0, 10)).toEqual({ messageSeqs: [first.seq], cursor: seq2, hasMore: false });
    expect(await storage().messageChanges.changedFor(b.id, 0, 10)).toEqual({ messageSeqs: [first.seq], cursor: seq1, hasMore: false });
    expect(await storage().messageChanges.changedFor(a.id, 0, 1)).toEqual({ messageSeqs: [first.seq], cursor: seq1, hasMore: true });
    expect(await storage().messageChanges.changedFor(b.id, seq1, 10)).toEqual({ messageSeqs: [], cursor: seq1, hasMore: false });
    expect(await storage().messageChanges.newestChange(a.id)).toBe(seq2);
    expect(await storage().messageChanges.newestChange(b.id)).toBe(seq1);
    // Asked together (as the connects of one turn do): each viewer its own cursor, none for a stranger.
    const stranger = await newAccount(storage(), "stranger");
    expect(
      await Promise.all([b.id, a.id, stranger.id, a.id].map((viewerId) => storage().messageChanges.newestChange(viewerId))),
    ).toEqual([seq1, seq2, 0, seq2]);
  });

  it("commits sends and changes started in one turn together: every one stored, seqs in order", async () => {
    const { a, b, first } = await pair("hello world");
    const send = (body: string) =>
      storage().messages.add({ id: randomUUID(), senderId: b.id, recipientId: a.id, clientId: randomUUID(), body, sentAt: new Date() }, "accepted");
    const [one, reacted, edited, two] = await Promise.all([
      send("one"),
      storage().messageChanges.apply(change({ messageSeq: first.seq, actorId: b.id, peerId: a.id }, { kind: "react", emoji: "🎉", on: true })),
      storage().messageChanges.apply(change({ messageSeq: first.seq, actorId: a.id, peerId: b.id }, { kind: "edit", body: "hello planet" })),
      send("two"),
    ]);
    expect(one.seq).toBeLessThan(two.seq);
    expect(reacted).toBeLessThan(edited);
    expect((await storage().messageChanges.reactions([first.seq])).map((row) => row.emoji)).toEqual(["🎉"]);
    expect((await storage().messages.page(a.id, b.id, undefined, 10)).messages.map((message) => message.body)).toEqual(["two", "one", "hello planet"]);
    expect(await storage().messageChanges.changedFor(b.id, 0, 10)).toEqual({ messageSeqs: [first.seq], cursor: edited, hasMore: false });
  });

  it("commits changes made together with sends, each once; a retried client id among them fails alone", async () => {
    const { a, b, first } = await pair("hello world");
    const base = { messageSeq: first.seq, actorId: b.id, peerId: a.id };
    const used = randomUUID();
    const before = await storage().messageChanges.apply(change(base, { kind: "react", emoji: "👍", on: true, clientId: used }));
    // Started in one turn, as under load: sends, changes and a retry of the first change.
    const send = (body: string) =>
      storage().messages.add({ id: randomUUID(), senderId: a.id, recipientId: b.id, clientId: randomUUID(), body, sentAt: new Date() }, "accepted");
    const settled = await Promise.allSettled([
      send("one"),
      storage().messageChanges.apply(change(base, { kind: "react", emoji: "🎉", on: true })),
      storage().messageChanges.apply(change(base, { kind: "react", emoji: "😂", on: true, clientId: used })),
      send("two"),
      storage().messageChanges.apply(change({ ...base, actorId: a.id, peerId: b.id }, { kind: "edit", body: "hello planet" })),
    ]);
    expect(settled.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateChangeError);
    const [one, reacted, , two, edited] = settled.map((result) => (result.status === "fulfilled" ? result.value : null));
    expect((one as { seq: number }).seq).toBeLessThan((two as { seq: number }).seq);
    expect([reacted, edited].every((seq) => typeof seq === "number" && seq > before)).toBe(true);
    expect(reacted).not.toBe(edited);
    expect((await storage().messageChanges.reactions([first.seq])).map((row) => row.emoji).sort()).toEqual(["🎉", "👍"].sort());
    expect(await storage().messageChanges.detailsById(first.id)).toMatchObject({ body: "hello planet" });
    expect((await storage().messages.page(b.id, a.id, undefined, 10)).messages.map((message) => message.body)).toEqual(["two", "one", "hello planet"]);
    expect(await storage().messageChanges.changedFor(a.id, before, 10)).toEqual({
      messageSeqs: [first.seq],
      cursor: Math.max(reacted as number, edited as number),
      hasMore: false,
    });
  });

  it("reads what a change decides on in one call: a retry, the message with its copies, both sides' conversations and settings", async () => {
    const { a, b, first } = await pair("hello world");
    await storage().inboxSettings.save(a.id, { readReceipts: false, notifyWhileBusy: true });
    await storage().messages.setFlags(a.id, b.id, { muted: true, pinnedAt: new Date("2030-01-01T00:00:00.000Z") });
    const at = new Date("2030-02-01T00:00:00.000Z");
    const clientId = randomUUID();
    const seq = await storage().messageChanges.apply(
      change({ messageSeq: first.seq, actorId: a.id, peerId: b.id }, { kind: "edit", body: "mine only", hidden: true, clientId, at }),
    );

    // The recipient reacting: the sender is the other side.
    const byB = await storage().messageChanges.changeFacts(b.id, first.id, randomUUID());
    expect(byB.earlier).toBeNull();
    const [stored] = await storage().messages.bySeq([first.seq]);
    expect(byB.message!.details).toEqual({ ...(await storage().messageChanges.detailsById(first.id)), ...stored });
    expect(byB.message!.details).toMatchObject({ body: "hello world", senderBody: "mine only", senderEditedAt: at, deliveredAt: null });
    expect(byB.message!.peerId).toBe(a.id);
    expect(byB.message!.attached).toBe(false);
    expect(byB.message!.actorSide).toEqual(await storage().messages.conversation(b.id, a.id));
    expect(byB.message!.peerSide).toEqual(await storage().messages.conversation(a.id, b.id));
    expect(byB.message!.peerSide).toMatchObject({ muted: true, pinnedAt: new Date("2030-01-01T00:00:00.000Z") });
    expect(byB.message!.actorSettings).toEqual({ acceptFrom: "everyone", readReceipts: true, notifyWhileBusy: false });
    expect(byB.message!.peerSettings).toEqual({ acceptFrom: "everyone", readReceipts: false, notifyWhileBusy: true });

    // The sender retrying: its earlier change, and the recipient as the other side.
    const byA = await storage().messageChanges.changeFacts(a.id, first.id, clientId);
    expect(byA.earlier).toEqual({ seq, messageSeq: first.seq, kind: "edit" });
    expect(byA.message!.peerId).toBe(b.id);
    expect(byA.message!.actorSettings.readReceipts).toBe(false);

    // No such message; an earlier change is still found; a third party's sides do not exist.
    expect(await storage().messageChanges.changeFacts(a.id, randomUUID(), clientId)).toEqual({ earlier: byA.earlier, message: null });
    const c = await newAccount(storage(), "c");

    // A message with a file attached says so (its views then read attachments).
    const upload = randomUUID();
    const expiresAt = new Date(Date.now() + 60 * 60 * 1000);
    await storage().attachments.create({ id: upload, ownerId: a.id, name: "p.png", size: 10, createdAt: new Date(), expiresAt });
    await storage().attachments.complete(upload, { hash: randomUUID().replaceAll("-", ""), size: 10, type: "image/png", width: 1, height: 1 });
    const withFile = await storage().messages.add(
      { id: randomUUID(), senderId: a.id, recipientId: b.id, clientId: randomUUID(), body: "look", sentAt: new Date() },
      "accepted",
    );
    expect(await storage().attachments.attach(a.id, [upload], withFile.id)).toBe(true);
    expect((await storage().messageChanges.changeFacts(b.id, withFile.id, randomUUID())).message!.attached).toBe(true);
    const byC = (await storage().messageChanges.changeFacts(c.id, first.id, randomUUID())).message!;
    expect([byC.actorSide, byC.peerSide]).toEqual([null, null]);
  });
});
