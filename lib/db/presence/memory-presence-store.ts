// The presence store in memory (the contract: presence-store.ts), over memory-tables.ts.
import { randomUUID } from "node:crypto";
import { deleteWhere, type MemoryTables, presentityRow, sortBy } from "../memory-tables";
import { DEFAULT_WATCHER_RETENTION_DAYS, type PresenceStore, type StoredPresentity } from "./presence-store";

export function createMemoryPresenceStore(tables: MemoryTables): PresenceStore {
  /** The presentity row, written now (its updatedAt moves as Prisma's @updatedAt does). */
  const written = (userId: string) => {
    const row = presentityRow(tables, userId);
    row.updatedAt = tables.now();
    return row;
  };

  return {
    async load(userIds) {
      const accounts = sortBy(
        tables.users.filter((row) => userIds.includes(row.id) && row.deletedAt === null),
        (row) => row.id,
      );
      return accounts.map((account): StoredPresentity => {
        const row = tables.presentities.find((candidate) => candidate.userId === account.id);
        const tuples = sortBy(
          tables.tuples.filter((tuple) => tuple.userId === account.id),
          (tuple) => tuple.position,
        );
        return {
          userId: account.id,
          username: account.username,
          displayName: account.displayName,
          version: row?.version ?? 0,
          availability: row?.availability ?? "available",
          note: row?.note ?? null,
          statusExpiresAt: row?.statusExpiresAt ?? null,
          lastSeenAt: row?.lastSeenAt ?? null,
          invisible: row?.invisible ?? false,
          customRules: row?.customRules ?? false,
          watcherRetentionDays: row?.watcherRetentionDays ?? DEFAULT_WATCHER_RETENTION_DAYS,
          updatedAt: row?.updatedAt ?? account.createdAt,
          userTuples: tuples.map(({ id, means, address, label, status }) => ({ id, means, address, label, status })),
        };
      });
    },

    async idOf(username) {
      return tables.users.find((row) => row.username === username && row.deletedAt === null)?.id ?? null;
    },

    async saveStatus(userId, status) {
      Object.assign(written(userId), status);
    },

    async clearExpiredStatus(userId, now, version) {
      const row = tables.presentities.find((candidate) => candidate.userId === userId);
      if (!row || row.statusExpiresAt === null || row.statusExpiresAt > now) return false;
      Object.assign(written(userId), { availability: "available", note: null, statusExpiresAt: null, version });
      return true;
    },

    async expiringBefore(until) {
      return tables.presentities
        .filter((row) => row.statusExpiresAt !== null && row.statusExpiresAt <= until)
        .map((row) => ({ userId: row.userId, statusExpiresAt: row.statusExpiresAt! }));
    },

    async saveSettings(userId, settings) {
      const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
      Object.assign(written(userId), given);
    },

    async customRetention(defaultDays) {
      return tables.presentities
        .filter((row) => row.watcherRetentionDays !== defaultDays)
        .map((row) => ({ presentityId: row.userId, days: row.watcherRetentionDays }));
    },

    async search(prefix, limit) {
      const found = tables.users.filter((row) => row.deletedAt === null && row.username.startsWith(prefix));
      return sortBy(found, (row) => row.username)
        .slice(0, limit)
        .map(({ id, username, displayName }) => ({ id, username, displayName }));
    },

    async saveLastSeen(userId, lastSeenAt, version) {
      Object.assign(written(userId), { lastSeenAt, version });
    },

    async saveUserTuples(userId, version, tuples) {
      const rows = tuples.map((tuple, position) => ({ ...tuple, id: tuple.id ?? randomUUID(), userId, position }));
      deleteWhere(tables.tuples, (row) => row.userId === userId);
      tables.tuples.push(...rows);
      written(userId).version = version;
      return rows.map((row) => row.id);
    },
  };
}

/** Forgets everything of an account's presence, its lists and rules (see the account store's tombstone). */
export function dropPresenceOf(tables: MemoryTables, userId: string): void {
  deleteWhere(tables.presentities, (row) => row.userId === userId);
  deleteWhere(tables.tuples, (row) => row.userId === userId);
  deleteWhere(tables.subscriptions, (row) => row.watcherId === userId || row.presentityId === userId);
  const groups = new Set(tables.groups.filter((group) => group.ownerId === userId).map((group) => group.id));
  deleteWhere(tables.groups, (group) => groups.has(group.id));
  deleteWhere(tables.members, (member) => groups.has(member.groupId) || member.contactId === userId);
  deleteWhere(tables.rules, (rule) => rule.ownerId === userId || (rule.subjectType === "user" && rule.subjectId === userId));
  deleteWhere(tables.visibility, (rule) => rule.watcherId === userId || rule.presentityId === userId);
  deleteWhere(tables.watchRecords, (record) => record.presentityId === userId || record.watcherId === userId);
  deleteWhere(tables.watchDays, (day) => day.presentityId === userId);
  deleteWhere(tables.quietHours, (row) => row.userId === userId);
}
