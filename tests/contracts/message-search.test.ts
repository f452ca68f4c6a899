// Full-text search's contract (lib/db/im/message-search.ts) on every backend: whole words, the
// last term as a prefix, only what the owner still has, newest first, bounded.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

/** No upper bound: seqs are 32-bit integers on PostgreSQL (a larger bound is an error there). */
const ANY = 2_147_483_647;

describeContract("message search", (storage) => {
  async function conversation(bodies: string[]) {
    const a = await newAccount(storage(), "a");
    const b = await newAccount(storage(), "b");
    const seqs: number[] = [];
    for (const body of bodies) {
      const stored = await storage().messages.add(
        { id: randomUUID(), senderId: a.id, recipientId: b.id, clientId: randomUUID(), body, sentAt: new Date() },
        "accepted",
      );
      seqs.push(stored.seq);
    }
    return { a, b, seqs };
  }

  it("finds messages holding every term, the last as a prefix, newest first", async () => {
    const { a, b, seqs } = await conversation(["Lunch at noon?", "lunch tomorrow then", "no lunching today", "dinner at noon"]);
    expect(await storage().search.find(b.id, ["lunch"], ANY, 10)).toEqual([seqs[2], seqs[1], seqs[0]]);
    expect(await storage().search.find(a.id, ["at", "noon"], ANY, 10)).toEqual([seqs[3], seqs[0]]);
    // Only the last term is a prefix.
    expect(await storage().search.find(a.id, ["lun", "today"], ANY, 10)).toEqual([]);
    expect(await storage().search.find(a.id, ["today", "lun"], ANY, 10)).toEqual([seqs[2]]);
    expect(await storage().search.find(a.id, [], ANY, 10)).toEqual([]);
  });

  it("pages below a seq, at most `limit`", async () => {
    const { b, seqs } = await conversation(["word one", "word two", "word three"]);
    expect(await storage().search.find(b.id, ["word"], ANY, 2)).toEqual([seqs[2], seqs[1]]);
    expect(await storage().search.find(b.id, ["word"], seqs[1]!, 2)).toEqual([seqs[0]]);
  });

  it("searches only the owner's inbox, without what the owner deleted", async () => {
    const { a, b, seqs } = await conversation(["secret plan", "secret party"]);
    const stranger = await newAccount(storage(), "s");
    expect(await storage().search.find(stranger.id, ["secret"], ANY, 10)).toEqual([]);
    const [first] = await storage().messages.bySeq([seqs[0]!]);
    await storage().messages.remove(b.id, [first!.id]);
    expect(await storage().search.find(b.id, ["secret"], ANY, 10)).toEqual([seqs[1]]);
    expect(await storage().search.find(a.id, ["secret"], ANY, 10)).toEqual([seqs[1], seqs[0]]);
  });
});
