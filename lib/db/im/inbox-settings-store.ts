// Storage of each INSTANT INBOX's delivery rules. An account without a row has the defaults.
import type { AcceptFrom, InboxSettings } from "@/lib/protocol/im";
import type { Db } from "../client";

export const DEFAULT_INBOX_SETTINGS: InboxSettings = { acceptFrom: "everyone", readReceipts: true, notifyWhileBusy: false };

const columns = { userId: true, acceptFrom: true, readReceipts: true, notifyWhileBusy: true } as const;

function toSettings(row: { acceptFrom: string; readReceipts: boolean; notifyWhileBusy: boolean }): InboxSettings {
  return { acceptFrom: row.acceptFrom as AcceptFrom, readReceipts: row.readReceipts, notifyWhileBusy: row.notifyWhileBusy };
}

export function createInboxSettingsStore(db: Db) {
  return {
    async settings(userId: string): Promise<InboxSettings> {
      const row = await db.instantInbox.findUnique({ where: { userId }, select: columns });
      return row ? toSettings(row) : DEFAULT_INBOX_SETTINGS;
    },

    /** Settings of several accounts (the defaults for those without a row). */
    async settingsOf(userIds: string[]): Promise<Map<string, InboxSettings>> {
      const rows = await db.instantInbox.findMany({ where: { userId: { in: userIds } }, select: columns });
      const found = new Map(rows.map((row) => [row.userId, toSettings(row)]));
      return new Map(userIds.map((id) => [id, found.get(id) ?? DEFAULT_INBOX_SETTINGS]));
    },

    async save(userId: string, changes: Partial<InboxSettings>): Promise<InboxSettings> {
      const row = await db.instantInbox.upsert({
        where: { userId },
        create: { userId, ...changes },
        update: changes,
        select: columns,
      });
      return toSettings(row);
    },
  };
}
export type InboxSettingsStore = ReturnType<typeof createInboxSettingsStore>;
