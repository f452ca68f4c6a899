// The subscription store's contract (lib/db/presence/subscription-store.ts) on every backend.
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

describeContract("subscription store", (storage) => {
  it("keeps one state per watcher and presentity; a missing one answers null", async () => {
    const watcher = await newAccount(storage());
    const presentity = await newAccount(storage());
    expect(await storage().subscriptions.get(watcher.id, presentity.id)).toBeNull();
    await storage().subscriptions.set(watcher.id, presentity.id, "pending");
    await storage().subscriptions.set(watcher.id, presentity.id, "active");
    expect(await storage().subscriptions.get(watcher.id, presentity.id)).toBe("active");
    expect(await storage().subscriptions.get(presentity.id, watcher.id)).toBeNull();
  });

  it("moves a state only from the states named", async () => {
    const watcher = await newAccount(storage());
    const presentity = await newAccount(storage());
    expect(await storage().subscriptions.transition(watcher.id, presentity.id, ["pending"], "active")).toBe(false);
    await storage().subscriptions.set(watcher.id, presentity.id, "pending");
    expect(await storage().subscriptions.transition(watcher.id, presentity.id, ["active", "denied"], "ended")).toBe(false);
    expect(await storage().subscriptions.transition(watcher.id, presentity.id, ["pending"], "denied")).toBe(true);
    expect(await storage().subscriptions.get(watcher.id, presentity.id)).toBe("denied");
  });

  it("answers the states of some watchers", async () => {
    const presentity = await newAccount(storage());
    const [one, two, three] = [await newAccount(storage()), await newAccount(storage()), await newAccount(storage())];
    await storage().subscriptions.set(one.id, presentity.id, "active");
    await storage().subscriptions.set(two.id, presentity.id, "pending");
    expect(await storage().subscriptions.statesFor(presentity.id, [one.id, two.id, three.id])).toEqual(
      new Map([
        [one.id, "active"],
        [two.id, "pending"],
      ]),
    );
    expect(await storage().subscriptions.statesFor(presentity.id, [])).toEqual(new Map());
  });

  it("answers both directions around accounts, oldest first, a denial still pending to its watcher", async () => {
    const me = await newAccount(storage());
    const [a, b, c, d] = [await newAccount(storage()), await newAccount(storage()), await newAccount(storage()), await newAccount(storage())];
    // Apart in time: "oldest first" orders by when each was created.
    for (const [watcher, presentity, state] of [
      [me, a, "active"],
      [me, b, "denied"],
      [me, c, "ended"],
      [d, me, "pending"],
      [a, me, "active"],
    ] as const) {
      await storage().subscriptions.set(watcher.id, presentity.id, state);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const around = await storage().subscriptions.around([me.id]);
    expect(around.contacts).toEqual([
      { ownerId: me.id, contactId: a.id, state: "active" },
      { ownerId: me.id, contactId: b.id, state: "pending" },
    ]);
    expect(around.watchers).toEqual([
      { presentityId: me.id, watcherId: d.id, state: "waiting" },
      { presentityId: me.id, watcherId: a.id, state: "active" },
    ]);
    expect(await storage().subscriptions.around([])).toEqual({ watchers: [], contacts: [] });
  });

  it("answers around a thousand accounts at once (a reconnect storm's batch), each both ways", async () => {
    const me = await newAccount(storage());
    const friend = await newAccount(storage());
    await storage().subscriptions.set(me.id, friend.id, "active");
    await storage().subscriptions.set(friend.id, me.id, "active");
    // Ids that exist nowhere fill the batch: only its size matters to the statement.
    const ids = [me.id, ...Array.from({ length: 998 }, (_, index) => `absent-${index}`), friend.id];
    const around = await storage().subscriptions.around(ids);
    expect(around.contacts).toEqual(
      expect.arrayContaining([
        { ownerId: me.id, contactId: friend.id, state: "active" },
        { ownerId: friend.id, contactId: me.id, state: "active" },
      ]),
    );
    expect(around.contacts).toHaveLength(2);
    expect(around.watchers).toHaveLength(2);
  });

  it("lists the requests waiting for a presentity's answer, oldest first", async () => {
    const presentity = await newAccount(storage());
    const [one, two] = [await newAccount(storage()), await newAccount(storage())];
    await storage().subscriptions.set(one.id, presentity.id, "pending");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await storage().subscriptions.set(two.id, presentity.id, "pending");
    const pending = await storage().subscriptions.pendingFor(presentity.id);
    expect(pending.map((row) => row.watcherId)).toEqual([one.id, two.id]);
    expect(pending[0]!.updatedAt).toBeInstanceOf(Date);
    // Asked together (the snapshots of one turn): each presentity its own requests.
    const together = await Promise.all([one.id, presentity.id].map((id) => storage().subscriptions.pendingFor(id)));
    expect(together.map((rows) => rows.map((row) => row.watcherId))).toEqual([[], [one.id, two.id]]);
    await storage().subscriptions.transition(one.id, presentity.id, ["pending"], "active");
    expect((await storage().subscriptions.pendingFor(presentity.id)).map((row) => row.watcherId)).toEqual([two.id]);
  });
});
