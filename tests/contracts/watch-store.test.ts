// The watch store's contract (lib/db/presence/watch-store.ts) on every backend.
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

const DAY = 86_400_000;

describeContract("watch store", (storage) => {
  it("adds batches up per watcher and kind, and per day", async () => {
    const presentity = await newAccount(storage());
    const watcher = await newAccount(storage());
    const t0 = new Date("2026-05-01T10:00:00.000Z");
    const t1 = new Date("2026-05-01T12:00:00.000Z");
    const t2 = new Date("2026-05-02T09:00:00.000Z");
    const entry = { presentityId: presentity.id, watcherId: watcher.id, kind: "fetch" as const };
    await storage().watches.record([]);
    await storage().watches.record([{ ...entry, firstAt: t0, lastAt: t0, count: 2 }]);
    await storage().watches.record([
      { ...entry, firstAt: t1, lastAt: t1, count: 1 },
      { ...entry, kind: "poll", firstAt: t2, lastAt: t2, count: 4 },
    ]);
    expect(await storage().watches.list(presentity.id, t0)).toEqual([
      { ...entry, kind: "poll", firstAt: t2, lastAt: t2, count: 4 },
      { ...entry, firstAt: t0, lastAt: t1, count: 3 },
    ]);
    expect(await storage().watches.list(presentity.id, new Date(t1.getTime() + 1))).toHaveLength(1);
    expect(await storage().watches.daily(presentity.id, "2026-05-01")).toEqual([
      { presentityId: presentity.id, day: "2026-05-01", kind: "fetch", count: 3 },
      { presentityId: presentity.id, day: "2026-05-02", kind: "poll", count: 4 },
    ]);
    expect(await storage().watches.daily(presentity.id, "2026-05-02")).toHaveLength(1);
  });

  it("forgets watching older than each presentity's window", async () => {
    const [keepsLong, keepsDefault, watcher] = [await newAccount(storage()), await newAccount(storage()), await newAccount(storage())];
    const now = new Date("2026-06-30T12:00:00.000Z");
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const at = (presentityId: string, date: Date) => ({ presentityId, watcherId: watcher.id, kind: "subscribe" as const, firstAt: date, lastAt: date, count: 1 });
    await storage().watches.record([at(keepsLong.id, ago(45))]);
    await storage().watches.record([at(keepsDefault.id, ago(45))]);
    const removed = await storage().watches.purge(now, 30, [{ presentityId: keepsLong.id, days: 60 }]);
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await storage().watches.list(keepsLong.id, new Date(0))).toHaveLength(1);
    expect(await storage().watches.daily(keepsLong.id, "2000-01-01")).toHaveLength(1);
    expect(await storage().watches.list(keepsDefault.id, new Date(0))).toEqual([]);
    expect(await storage().watches.daily(keepsDefault.id, "2000-01-01")).toEqual([]);
  });
});
