// The group store's contract (lib/db/presence/group-store.ts) on every backend.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { GroupNameTakenError } from "@/lib/db/presence/group-store";
import { describeContract, newAccount } from "./backends";

describeContract("group store", (storage) => {
  it("adds groups after the others, a name once per owner", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    const first = await storage().groups.create(owner.id, "Friends");
    const second = await storage().groups.create(owner.id, "Work");
    expect([first.position, second.position]).toEqual([0, 1]);
    expect(first).toMatchObject({ name: "Friends", memberIds: [] });
    await expect(storage().groups.create(owner.id, "Friends")).rejects.toBeInstanceOf(GroupNameTakenError);
    await expect(storage().groups.create(other.id, "Friends")).resolves.toMatchObject({ position: 0 });
    expect(await storage().groups.count(owner.id)).toBe(2);
    expect((await storage().groups.list(owner.id)).map((group) => group.name)).toEqual(["Friends", "Work"]);
  });

  it("renames and removes only the owner's groups", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    const group = await storage().groups.create(owner.id, "A");
    await storage().groups.create(owner.id, "B");
    await expect(storage().groups.rename(owner.id, group.id, "B")).rejects.toBeInstanceOf(GroupNameTakenError);
    expect(await storage().groups.rename(owner.id, group.id, "A")).toBe(true);
    expect(await storage().groups.rename(other.id, group.id, "C")).toBe(false);
    expect(await storage().groups.rename(owner.id, randomUUID(), "C")).toBe(false);
    expect(await storage().groups.rename(owner.id, group.id, "C")).toBe(true);
    expect(await storage().groups.remove(other.id, group.id)).toBe(false);
    expect(await storage().groups.remove(owner.id, group.id)).toBe(true);
    expect(await storage().groups.remove(owner.id, group.id)).toBe(false);
    expect((await storage().groups.list(owner.id)).map((group) => group.name)).toEqual(["B"]);
  });

  it("reorders: the named groups first in that order, the others after in theirs", async () => {
    const owner = await newAccount(storage());
    const [a, b, c, d] = [
      await storage().groups.create(owner.id, "a"),
      await storage().groups.create(owner.id, "b"),
      await storage().groups.create(owner.id, "c"),
      await storage().groups.create(owner.id, "d"),
    ];
    await storage().groups.reorder(owner.id, [c.id, randomUUID(), a.id]);
    expect((await storage().groups.list(owner.id)).map((group) => group.name)).toEqual(["c", "a", "b", "d"]);
    expect([b, d]).toHaveLength(2);
  });

  it("sets a contact's groups among the owner's only, and takes a contact out of all", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    const contact = await newAccount(storage());
    const [a, b] = [await storage().groups.create(owner.id, "a"), await storage().groups.create(owner.id, "b")];
    const foreign = await storage().groups.create(other.id, "x");
    await storage().groups.setContactGroups(other.id, contact.id, [foreign.id]);
    await storage().groups.setContactGroups(owner.id, contact.id, [a.id, b.id, foreign.id]);
    expect((await storage().groups.list(owner.id)).map((group) => group.memberIds)).toEqual([[contact.id], [contact.id]]);
    await storage().groups.setContactGroups(owner.id, contact.id, [b.id]);
    expect((await storage().groups.list(owner.id)).map((group) => group.memberIds)).toEqual([[], [contact.id]]);
    const groupsOf = await storage().groups.groupsOf([owner.id, other.id]);
    expect(groupsOf.map((group) => [group.ownerId, group.name, group.memberIds]).sort()).toEqual(
      [
        [owner.id, "a", []],
        [owner.id, "b", [contact.id]],
        [other.id, "x", [contact.id]],
      ].sort(),
    );
    await storage().groups.removeContact(owner.id, contact.id);
    expect((await storage().groups.list(owner.id)).map((group) => group.memberIds)).toEqual([[], []]);
    expect((await storage().groups.list(other.id))[0]!.memberIds).toEqual([contact.id]);
    expect(await storage().groups.groupsOf([])).toEqual([]);
  });
});
