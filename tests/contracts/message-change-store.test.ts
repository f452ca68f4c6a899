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
    await storage().messageChanges.apply(change(byB, { kind: "react", emoji: "👍", on: false }));
    expect((await storage().messageChanges.reactions([first.seq])).map((row) => row.emoji)).toEqual(["❤️"]);
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
  });
});
