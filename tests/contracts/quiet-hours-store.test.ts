// The quiet hours store's contract (lib/db/presence/quiet-hours-store.ts) on every backend.
import { expect, it } from "vitest";
import type { QuietHours } from "@/lib/protocol/quiet-hours";
import { describeContract, newAccount } from "./backends";

const nights: QuietHours = { zone: "Europe/Berlin", ranges: [{ days: [1, 2, 3, 4, 5], start: "22:00", end: "07:00" }] };
const lunch: QuietHours = {
  zone: "America/New_York",
  ranges: [
    { days: [1], start: "12:00", end: "13:00" },
    { days: [0, 6], start: "00:00", end: "00:00" },
  ],
};

describeContract("quiet hours store", (storage) => {
  it("answers none for an account that saved none", async () => {
    const owner = await newAccount(storage());
    expect(await storage().quietHours.get(owner.id)).toBeNull();
    expect(await storage().quietHours.load([owner.id])).toEqual(new Map());
    expect(await storage().quietHours.load([])).toEqual(new Map());
  });

  it("keeps the schedule as saved, replaces it, and removes it on null", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    await storage().quietHours.save(owner.id, nights);
    await storage().quietHours.save(other.id, lunch);
    expect(await storage().quietHours.get(owner.id)).toEqual(nights);
    expect(await storage().quietHours.load([owner.id, other.id])).toEqual(
      new Map([
        [owner.id, nights],
        [other.id, lunch],
      ]),
    );
    await storage().quietHours.save(owner.id, lunch);
    expect(await storage().quietHours.get(owner.id)).toEqual(lunch);
    await storage().quietHours.save(owner.id, { zone: "UTC", ranges: [] });
    expect(await storage().quietHours.get(owner.id)).toEqual({ zone: "UTC", ranges: [] });
    await storage().quietHours.save(owner.id, null);
    expect(await storage().quietHours.get(owner.id)).toBeNull();
    expect(await storage().quietHours.get(other.id)).toEqual(lunch);
  });

  it("is gone with the account's deletion", async () => {
    const owner = await newAccount(storage());
    await storage().quietHours.save(owner.id, nights);
    await storage().accounts.tombstone(owner.id, new Date());
    expect(await storage().quietHours.get(owner.id)).toBeNull();
  });
});
