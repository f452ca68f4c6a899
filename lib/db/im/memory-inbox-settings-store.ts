// The inbox settings store in memory (the contract: inbox-settings-store.ts), over memory-tables.ts.
import type { InboxSettings } from "@/lib/protocol/im";
import type { MemoryTables } from "../memory-tables";
import { DEFAULT_INBOX_SETTINGS, type InboxSettingsStore } from "./inbox-settings-store";

export function createMemoryInboxSettingsStore(tables: MemoryTables): InboxSettingsStore {
  const settingsOf = (userId: string): InboxSettings => {
    const row = tables.inboxes.find((inbox) => inbox.userId === userId);
    return row ? { acceptFrom: row.acceptFrom, readReceipts: row.readReceipts, notifyWhileBusy: row.notifyWhileBusy } : DEFAULT_INBOX_SETTINGS;
  };
  return {
    async settings(userId) {
      return settingsOf(userId);
    },

    async settingsOf(userIds) {
      return new Map(userIds.map((id) => [id, settingsOf(id)]));
    },

    async save(userId, changes) {
      // Like an upsert: what is left out (undefined) stays as it was.
      const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const settings = { ...settingsOf(userId), ...given };
      const index = tables.inboxes.findIndex((inbox) => inbox.userId === userId);
      if (index === -1) tables.inboxes.push({ userId, ...settings });
      else tables.inboxes[index] = { userId, ...settings };
      return settings;
    },
  };
}
