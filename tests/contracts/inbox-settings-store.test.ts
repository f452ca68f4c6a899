// The inbox settings store's contract (lib/db/im/inbox-settings-store.ts) on every backend.
import { expect, it } from "vitest";
import { DEFAULT_INBOX_SETTINGS } from "@/lib/db/im/inbox-settings-store";
import { describeContract, newAccount } from "./backends";

describeContract("inbox settings store", (storage) => {
  it("answers the defaults for an account that saved none", async () => {
    const owner = await newAccount(storage());
    expect(await storage().inboxSettings.settings(owner.id)).toEqual(DEFAULT_INBOX_SETTINGS);
    expect(await storage().inboxSettings.settingsOf([])).toEqual(new Map());
  });

  it("keeps what was saved, changing only what a save names", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    expect(await storage().inboxSettings.save(owner.id, { acceptFrom: "contacts" })).toEqual({ ...DEFAULT_INBOX_SETTINGS, acceptFrom: "contacts" });
    expect(await storage().inboxSettings.save(owner.id, { notifyWhileBusy: true })).toEqual({
      acceptFrom: "contacts",
      readReceipts: true,
      notifyWhileBusy: true,
    });
    expect(await storage().inboxSettings.settings(owner.id)).toEqual({ acceptFrom: "contacts", readReceipts: true, notifyWhileBusy: true });
    expect(await storage().inboxSettings.settingsOf([owner.id, other.id])).toEqual(
      new Map([
        [owner.id, { acceptFrom: "contacts", readReceipts: true, notifyWhileBusy: true }],
        [other.id, DEFAULT_INBOX_SETTINGS],
      ]),
    );
  });
});
