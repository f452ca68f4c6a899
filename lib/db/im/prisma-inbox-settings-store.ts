// The inbox settings store on SQLite or PostgreSQL through Prisma (the contract: inbox-settings-store.ts).
import type { AcceptFrom, InboxSettings } from "@/lib/protocol/im";
import type { Db } from "../client";
import { DEFAULT_INBOX_SETTINGS, type InboxSettingsStore } from "./inbox-settings-store";

const columns = { userId: true, acceptFrom: true, readReceipts: true, notifyWhileBusy: true } as const;

function toSettings(row: { acceptFrom: string; readReceipts: boolean; notifyWhileBusy: boolean }): InboxSettings {
  return { acceptFrom: row.acceptFrom as AcceptFrom, readReceipts: row.readReceipts, notifyWhileBusy: row.notifyWhileBusy };
}

export function createPrismaInboxSettingsStore(db: Db): InboxSettingsStore {
  return {
    async settings(userId) {
      const row = await db.instantInbox.findUnique({ where: { userId }, select: columns });
      return row ? toSettings(row) : DEFAULT_INBOX_SETTINGS;
    },

    async settingsOf(userIds) {
      const rows = await db.instantInbox.findMany({ where: { userId: { in: userIds } }, select: columns });
      const found = new Map(rows.map((row) => [row.userId, toSettings(row)]));
      return new Map(userIds.map((id) => [id, found.get(id) ?? DEFAULT_INBOX_SETTINGS]));
    },

    async save(userId, changes) {
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
