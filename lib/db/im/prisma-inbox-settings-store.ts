// The inbox settings store on SQLite or PostgreSQL through Prisma (the contract: inbox-settings-store.ts).
import type { AcceptFrom, InboxSettings } from "@/lib/protocol/im";
import { batchedByKey } from "../batched";
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
  /**
   * Raw, past Prisma's engine on SQLite (~15 µs against ~300): every connect's inbox snapshot,
   * typing relay and delivery notice asks.
   */
  async function settingsOf(userIds: string[]): Promise<Map<string, InboxSettings>> {
    if (userIds.length === 0) return new Map();
    const rows = await readRows<{ userId: string; acceptFrom: string; readReceipts: unknown; notifyWhileBusy: unknown }>(
      db,
      Prisma.sql`SELECT "userId", "acceptFrom", "readReceipts", "notifyWhileBusy" FROM "InstantInbox" WHERE "userId" IN (${Prisma.join(userIds)})`,
    );
    const found = new Map(
      rows.map((row) => [row.userId, toSettings({ ...row, readReceipts: rawBoolean(row.readReceipts), notifyWhileBusy: rawBoolean(row.notifyWhileBusy) })]),
    );
    return new Map(userIds.map((id) => [id, found.get(id) ?? DEFAULT_INBOX_SETTINGS]));
  }

  return {
    // One statement per turn of the event loop, however many ask in it.
    settings: batchedByKey(settingsOf, DEFAULT_INBOX_SETTINGS),
    settingsOf,

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
