// The push store's contract (lib/db/push/push-store.ts) on every backend.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { DEFAULT_PUSH_PREFERENCES, MAX_PUSH_SUBSCRIPTIONS } from "@/lib/db/push/push-store";
import type { Storage } from "@/lib/db/storage";
import { describeContract, newAccount } from "./backends";

let devices = 0;
const device = (userId: string, createdAt?: Date) => ({
  id: randomUUID(),
  userId,
  endpoint: `https://push.example/${++devices}-${randomUUID()}`,
  p256dh: "BPublicKey",
  auth: "secret",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
  ...(createdAt ? { createdAt } : {}),
});

describeContract("push store", (storage: () => Storage) => {
  it("stores a device and lists the account's devices oldest first", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    const first = device(owner.id, new Date("2026-01-01T00:00:00Z"));
    const second = device(owner.id, new Date("2026-01-02T00:00:00Z"));
    await storage().push.save(second);
    const saved = await storage().push.save(first);
    expect(saved).toEqual(first);
    await storage().push.save(device(other.id));
    expect((await storage().push.list(owner.id)).map((row) => row.id)).toEqual([first.id, second.id]);
    expect(await storage().push.list(owner.id)).toEqual([first, second]);
    // Asked together (a group message's fan-out), each account still gets its own, in order.
    const [mine, theirs, nobody] = await Promise.all([owner.id, other.id, randomUUID()].map((userId) => storage().push.list(userId)));
    expect(mine).toEqual([first, second]);
    expect(theirs!.map((row) => row.userId)).toEqual([other.id]);
    expect(nobody).toEqual([]);
  });

  it("keeps one row per endpoint: subscribing it again (even from another account) keeps its id and date", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    const first = device(owner.id, new Date("2026-01-01T00:00:00Z"));
    await storage().push.save(first);
    const again = await storage().push.save({ ...first, id: randomUUID(), userId: other.id, p256dh: "BNewKey", auth: "new", userAgent: null });
    expect(again).toEqual({ ...first, userId: other.id, p256dh: "BNewKey", auth: "new", userAgent: null });
    expect(await storage().push.list(owner.id)).toEqual([]);
    expect((await storage().push.list(other.id)).map((row) => row.id)).toEqual([first.id]);
  });

  it("lets the oldest device give way beyond the limit", async () => {
    const owner = await newAccount(storage());
    const saved = [];
    for (let index = 0; index <= MAX_PUSH_SUBSCRIPTIONS; index++) {
      const row = device(owner.id, new Date(Date.UTC(2026, 0, 1, 0, index)));
      saved.push(row);
      await storage().push.save(row);
    }
    const listed = await storage().push.list(owner.id);
    expect(listed).toHaveLength(MAX_PUSH_SUBSCRIPTIONS);
    expect(listed.map((row) => row.id)).toEqual(saved.slice(1).map((row) => row.id));
  });

  it("removes one of the account's devices, never another account's", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    const mine = device(owner.id);
    await storage().push.save(mine);
    expect(await storage().push.remove(other.id, mine.id)).toBe(false);
    expect(await storage().push.remove(owner.id, randomUUID())).toBe(false);
    expect(await storage().push.remove(owner.id, mine.id)).toBe(true);
    expect(await storage().push.list(owner.id)).toEqual([]);
    expect(await storage().push.remove(owner.id, mine.id)).toBe(false);
  });

  it("removes an endpoint the push service no longer knows, whoever's it is", async () => {
    const owner = await newAccount(storage());
    const gone = device(owner.id, new Date("2026-01-01T00:00:00Z"));
    const kept = device(owner.id, new Date("2026-01-02T00:00:00Z"));
    await storage().push.save(gone);
    await storage().push.save(kept);
    await storage().push.removeEndpoint(gone.endpoint);
    await storage().push.removeEndpoint("https://push.example/unknown");
    expect((await storage().push.list(owner.id)).map((row) => row.id)).toEqual([kept.id]);
  });

  it("answers the default preferences until some are saved, per account", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    expect(await storage().push.preferences(owner.id)).toEqual(DEFAULT_PUSH_PREFERENCES);
    expect(await storage().push.savePreferences(owner.id, { showText: false })).toEqual({ showText: false });
    expect(await storage().push.preferences(owner.id)).toEqual({ showText: false });
    expect(await storage().push.preferences(other.id)).toEqual(DEFAULT_PUSH_PREFERENCES);
    expect(await storage().push.savePreferences(owner.id, { showText: true })).toEqual({ showText: true });
    expect(await storage().push.preferences(owner.id)).toEqual({ showText: true });
  });

  it("removes everything of an account on removeAll, and on the account's deletion", async () => {
    for (const remove of [
      (s: Storage, id: string) => s.push.removeAll(id),
      (s: Storage, id: string) => s.accounts.tombstone(id, new Date()),
    ]) {
      const owner = await newAccount(storage());
      const other = await newAccount(storage());
      await storage().push.save(device(owner.id));
      await storage().push.savePreferences(owner.id, { showText: false });
      const theirs = await storage().push.save(device(other.id));
      await remove(storage(), owner.id);
      expect(await storage().push.list(owner.id)).toEqual([]);
      expect(await storage().push.preferences(owner.id)).toEqual(DEFAULT_PUSH_PREFERENCES);
      expect(await storage().push.list(other.id)).toEqual([theirs]);
    }
  });
});
