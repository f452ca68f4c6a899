// The presence store's contract (lib/db/presence/presence-store.ts) on every backend.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

describeContract("presence store", (storage) => {
  it("loads an account that never wrote presence with the defaults; unknown and deleted ids are absent", async () => {
    const { id, username } = await newAccount(storage());
    const gone = await newAccount(storage());
    await storage().accounts.tombstone(gone.id, new Date());
    const [loaded, ...rest] = await storage().presence.load([id, gone.id, randomUUID()]);
    expect(rest).toEqual([]);
    expect(loaded).toMatchObject({
      userId: id,
      username,
      displayName: username.toUpperCase(),
      version: 0,
      availability: "available",
      note: null,
      statusExpiresAt: null,
      lastSeenAt: null,
      invisible: false,
      customRules: false,
      watcherRetentionDays: 30,
      userTuples: [],
    });
    expect(loaded!.updatedAt).toBeInstanceOf(Date);
    expect(await storage().presence.load([])).toEqual([]);
    expect(await storage().presence.idOf(username)).toBe(id);
    expect(await storage().presence.idOf(gone.username)).toBeNull();
  });

  it("keeps status, settings, last seen and tuples in order, with the version they were written at", async () => {
    const { id } = await newAccount(storage());
    const expires = new Date(Date.now() + 60_000);
    await storage().presence.saveStatus(id, { version: 3, availability: "busy", note: "away", statusExpiresAt: expires });
    await storage().presence.saveSettings(id, { invisible: true });
    const seen = new Date("2026-03-04T05:06:07.000Z");
    await storage().presence.saveLastSeen(id, seen, 4);
    const ids = await storage().presence.saveUserTuples(id, 5, [
      { means: "mailto", address: "b@example.org", label: "work", status: "open" },
      { means: "mailto", address: "a@example.org", label: null, status: "closed" },
    ]);
    const kept = await storage().presence.saveUserTuples(id, 6, [
      { id: ids[1], means: "mailto", address: "a@example.org", label: null, status: "open" },
      { means: "mailto", address: "c@example.org", label: null, status: "open" },
      { id: ids[0], means: "mailto", address: "b@example.org", label: "work", status: "open" },
    ]);
    expect(kept[0]).toBe(ids[1]);
    expect(kept[2]).toBe(ids[0]);
    const [loaded] = await storage().presence.load([id]);
    expect(loaded).toMatchObject({ version: 6, availability: "busy", note: "away", statusExpiresAt: expires, lastSeenAt: seen, invisible: true });
    expect(loaded!.userTuples.map((tuple) => [tuple.id, tuple.address, tuple.status])).toEqual([
      [ids[1], "a@example.org", "open"],
      [kept[1], "c@example.org", "open"],
      [ids[0], "b@example.org", "open"],
    ]);
  });

  it("clears an expired status once, and only when it has expired", async () => {
    const { id } = await newAccount(storage());
    const expiry = new Date(Date.now() + 60_000);
    await storage().presence.saveStatus(id, { version: 1, availability: "away", note: "lunch", statusExpiresAt: expiry });
    expect((await storage().presence.expiringBefore(new Date(expiry.getTime() + 1))).filter((row) => row.userId === id)).toEqual([
      { userId: id, statusExpiresAt: expiry },
    ]);
    expect((await storage().presence.expiringBefore(new Date(expiry.getTime() - 1))).filter((row) => row.userId === id)).toEqual([]);
    expect(await storage().presence.clearExpiredStatus(id, new Date(expiry.getTime() - 1), 2)).toBe(false);
    expect(await storage().presence.clearExpiredStatus(id, expiry, 2)).toBe(true);
    expect(await storage().presence.clearExpiredStatus(id, expiry, 3)).toBe(false);
    expect(await storage().presence.load([id])).toMatchObject([{ version: 2, availability: "available", note: null, statusExpiresAt: null }]);
    expect(await storage().presence.clearExpiredStatus(randomUUID(), expiry, 1)).toBe(false);
  });

  it("lists presentities with a retention of their own", async () => {
    const { id } = await newAccount(storage());
    await storage().presence.saveSettings(id, { watcherRetentionDays: 7 });
    expect((await storage().presence.customRetention(30)).filter((row) => row.presentityId === id)).toEqual([{ presentityId: id, days: 7 }]);
    expect((await storage().presence.customRetention(7)).filter((row) => row.presentityId === id)).toEqual([]);
  });

  it("suggests names by prefix, literally (% and _ are no wildcards), alphabetically, live accounts only, bounded", async () => {
    const tag = randomUUID().slice(0, 6);
    const create = (username: string) =>
      storage().accounts.create({ username, displayName: username, passwordHash: "x" }, { mode: "open", inviteHash: null, now: new Date() });
    for (const name of [`p${tag}_b`, `p${tag}xb`, `p${tag}%c`, `p${tag}a`]) await create(name);
    const dead = await create(`p${tag}dead`);
    if (typeof dead === "string") throw new Error(dead);
    await storage().accounts.tombstone(dead.id, new Date());
    const names = async (prefix: string, limit = 10) => (await storage().presence.search(prefix, limit)).map((row) => row.username);
    expect(await names(`p${tag}_`)).toEqual([`p${tag}_b`]);
    expect(await names(`p${tag}%`)).toEqual([`p${tag}%c`]);
    expect(await names(`p${tag}`)).toEqual([`p${tag}%c`, `p${tag}_b`, `p${tag}a`, `p${tag}xb`]);
    expect(await names(`p${tag}`, 2)).toHaveLength(2);
    expect(await names(`${tag}`)).toEqual([]);
  });
});
