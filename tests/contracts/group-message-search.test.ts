// The group message search contract (lib/db/groups/group-message-search.ts), the same on every
// backend: every term a word, the last a prefix; only messages in the searcher's ranges; never
// system lines, messages deleted for everyone, or senders left out; edits followed; paged.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { MembershipChange, NewGroupMessage } from "@/lib/db/groups/group-store";
import type { Storage } from "@/lib/db/storage";
import { describeContract, newAccount } from "./backends";

const message = (groupId: string, senderId: string, body: string, event: string | null = null): NewGroupMessage => ({
  id: randomUUID(),
  groupId,
  senderId,
  clientId: randomUUID(),
  body,
  event,
  sentAt: new Date(),
});

async function trio(storage: Storage) {
  const a = await newAccount(storage, "a");
  const b = await newAccount(storage, "b");
  const c = await newAccount(storage, "c");
  const groupId = randomUUID();
  const enter = (userId: string, role: "creator" | "member") =>
    ({ line: message(groupId, a.id, "", "added"), move: { kind: "enter", userId, role, state: "member", addedById: a.id } }) satisfies MembershipChange;
  await storage.groupConversations.create({ id: groupId, name: null, creatorId: a.id, clientId: randomUUID() }, [
    enter(a.id, "creator"),
    enter(b.id, "member"),
    enter(c.id, "member"),
  ]);
  return { a, b, c, groupId };
}

const MAX = 2_147_483_647;

describeContract("group message search", (storage) => {
  it("finds messages with every word, the last as a prefix, newest first, in pages", async () => {
    const { a, b, c, groupId } = await trio(storage());
    const store = storage().groupConversations;
    const first = await store.add(message(groupId, a.id, "Pizza tonight at eight?"));
    const second = await store.add(message(groupId, b.id, "pizza party!"));
    await store.add(message(groupId, a.id, "something else"));
    const search = storage().groupSearch;
    expect(await search.find(c.id, ["pizza"], MAX, 10, [])).toEqual([second.seq, first.seq]);
    expect(await search.find(c.id, ["pizza", "tonig"], MAX, 10, [])).toEqual([first.seq]);
    expect(await search.find(c.id, ["tonight", "pizz"], MAX, 10, [])).toEqual([first.seq]);
    expect(await search.find(c.id, ["tonig", "pizza"], MAX, 10, [])).toEqual([]);
    expect(await search.find(c.id, ["tonig"], MAX, 10, [])).toEqual([first.seq]);
    expect(await search.find(c.id, ["pizz"], MAX, 1, [])).toEqual([second.seq]);
    expect(await search.find(c.id, ["pizz"], second.seq, 10, [])).toEqual([first.seq]);
    expect(await search.find(c.id, [], MAX, 10, [])).toEqual([]);
    // Left out senders (a block either way).
    expect(await search.find(c.id, ["pizza"], MAX, 10, [b.id])).toEqual([first.seq]);
    // Someone never in the group finds nothing.
    const stranger = await newAccount(storage(), "d");
    expect(await search.find(stranger.id, ["pizza"], MAX, 10, [])).toEqual([]);
  });

  // SQLite answers prefixes of 1 to 4 characters from a prefix index, longer ones by merging the
  // words' posting lists: the same messages either way.
  it("finds by a prefix of any length, from one character, in pages", async () => {
    const { a, b, c, groupId } = await trio(storage());
    const store = storage().groupConversations;
    const first = await store.add(message(groupId, a.id, "Pizza tonight?"));
    const second = await store.add(message(groupId, b.id, "pizzeria then"));
    const third = await store.add(message(groupId, a.id, "a picnic"));
    await store.add(message(groupId, b.id, "something else"));
    const search = storage().groupSearch;
    for (const prefix of ["p", "pi"]) expect(await search.find(c.id, [prefix], MAX, 10, [])).toEqual([third.seq, second.seq, first.seq]);
    for (const prefix of ["piz", "pizz"]) expect(await search.find(c.id, [prefix], MAX, 10, [])).toEqual([second.seq, first.seq]);
    expect(await search.find(c.id, ["pizze"], MAX, 10, [])).toEqual([second.seq]);
    expect(await search.find(c.id, ["p"], MAX, 2, [])).toEqual([third.seq, second.seq]);
    expect(await search.find(c.id, ["p"], second.seq, 2, [])).toEqual([first.seq]);
    expect(await search.find(c.id, ["p"], MAX, 10, [a.id])).toEqual([second.seq]);
    const stranger = await newAccount(storage(), "d");
    expect(await search.find(stranger.id, ["p"], MAX, 10, [])).toEqual([]);
  });

  it("follows edits and deletions for everyone; never finds system lines", async () => {
    const { a, c, groupId } = await trio(storage());
    const store = storage().groupConversations;
    const sent = await store.add(message(groupId, a.id, "meet at noon"));
    await store.change(groupId, [{ line: message(groupId, a.id, "noon", "renamed") }]);
    const search = storage().groupSearch;
    expect(await search.find(c.id, ["noon"], MAX, 10, [])).toEqual([sent.seq]);
    await store.edit(sent.seq, "meet at midnight", new Date());
    expect(await search.find(c.id, ["noon"], MAX, 10, [])).toEqual([]);
    expect(await search.find(c.id, ["midnight"], MAX, 10, [])).toEqual([sent.seq]);
    await store.retract(sent.seq, new Date());
    expect(await search.find(c.id, ["midnight"], MAX, 10, [])).toEqual([]);
  });

  it("keeps to the searcher's range: nothing after leaving, nothing before (re)joining, nothing cleared", async () => {
    const { a, b, c, groupId } = await trio(storage());
    const store = storage().groupConversations;
    const before = await store.add(message(groupId, a.id, "lunch before"));
    await store.change(groupId, [{ line: message(groupId, c.id, "", "left"), move: { kind: "exit", userId: c.id, state: "left" } }]);
    const after = await store.add(message(groupId, a.id, "lunch after"));
    const search = storage().groupSearch;
    expect(await search.find(c.id, ["lunch"], MAX, 10, [])).toEqual([before.seq]);
    expect(await search.find(b.id, ["lunch"], MAX, 10, [])).toEqual([after.seq, before.seq]);
    await store.change(groupId, [
      { line: message(groupId, a.id, "", "added"), move: { kind: "enter", userId: c.id, role: "member", state: "member", addedById: a.id } },
    ]);
    const again = await store.add(message(groupId, b.id, "lunch again"));
    expect(await search.find(c.id, ["lunch"], MAX, 10, [])).toEqual([again.seq]);
    await store.clear(groupId, b.id, after.seq);
    expect(await search.find(b.id, ["lunch"], MAX, 10, [])).toEqual([again.seq]);
  });
});
