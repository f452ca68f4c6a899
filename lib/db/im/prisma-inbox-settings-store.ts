// The inbox settings store on SQLite or PostgreSQL through Prisma (the contract: inbox-settings-store.ts).
import type { AcceptFrom, InboxSettings } from "@/lib/protocol/im";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { rawBoolean } from "../raw-values";
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
      if (userIds.length === 0) return new Map();
      // Raw, past Prisma's engine on SQLite: every inbox snapshot of a connect asks this.
      const rows = await readRows<{ userId: string; acceptFrom: string; readReceipts: unknown; notifyWhileBusy: unknown }>(
        db,
        Prisma.sql`SELECT "userId", "acceptFrom", "readReceipts", "notifyWhileBusy" FROM "InstantInbox" WHERE "userId" IN (${Prisma.join(userIds)})`,
      );
      const found = new Map(
        rows.map((row) => [row.userId, toSettings({ ...row, readReceipts: rawBoolean(row.readReceipts), notifyWhileBusy: rawBoolean(row.notifyWhileBusy) })]),
      );
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
