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

  // SQLite answers prefixes of 1 to 4 characters from a prefix index and longer ones by merging
  // the words' posting lists: both must find the same messages, and only in bodies.
  it("finds by a prefix of any length, from one character, in bodies only", async () => {
    const { a, b, seqs } = await conversation(["Lunch at noon?", "lunchbox for you", "a lunar eclipse", "dinner"]);
    for (const prefix of ["l", "lu", "lun"]) expect(await storage().search.find(b.id, [prefix], ANY, 10)).toEqual([seqs[2], seqs[1], seqs[0]]);
    for (const prefix of ["lunc", "lunch"]) expect(await storage().search.find(b.id, [prefix], ANY, 10)).toEqual([seqs[1], seqs[0]]);
    expect(await storage().search.find(b.id, ["lunchb"], ANY, 10)).toEqual([seqs[1]]);
    expect(await storage().search.find(a.id, ["at", "n"], ANY, 10)).toEqual([seqs[0]]);
    // SQLite's index rows also name the inboxes, as words starting with "u": never a match.
    expect(await storage().search.find(b.id, ["u"], ANY, 10)).toEqual([]);
    expect(await storage().search.find(b.id, ["y"], ANY, 10)).toEqual([seqs[1]]);
    // Paging across the cut, by a one-character prefix.
    expect(await storage().search.find(b.id, ["l"], ANY, 2)).toEqual([seqs[2], seqs[1]]);
    expect(await storage().search.find(b.id, ["l"], seqs[1]!, 2)).toEqual([seqs[0]]);
  });

  it("keeps a short prefix to the owner's inbox, without what the owner deleted", async () => {
    const { a, b, seqs } = await conversation(["secret plan", "secret party", "seven"]);
    const other = await conversation(["second secret"]);
    const stranger = await newAccount(storage(), "s");
    expect(await storage().search.find(stranger.id, ["s"], ANY, 10)).toEqual([]);
    expect(await storage().search.find(other.b.id, ["s"], ANY, 10)).toEqual([other.seqs[0]]);
    const [first] = await storage().messages.bySeq([seqs[0]!]);
    await storage().messages.remove(b.id, [first!.id]);
    expect(await storage().search.find(b.id, ["s"], ANY, 10)).toEqual([seqs[2], seqs[1]]);
    expect(await storage().search.find(b.id, ["se"], ANY, 1)).toEqual([seqs[2]]);
    expect(await storage().search.find(b.id, ["se"], seqs[2]!, 1)).toEqual([seqs[1]]);
    expect(await storage().search.find(a.id, ["sec"], ANY, 10)).toEqual([seqs[1], seqs[0]]);
  });
});
