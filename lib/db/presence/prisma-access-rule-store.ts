// The access rule store on SQLite or PostgreSQL through Prisma (the contract: access-rule-store.ts).
import { randomUUID } from "node:crypto";
import type { AccessRuleAction, SubjectType } from "@/lib/protocol/privacy";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { rawBoolean } from "../raw-values";
import type { AccessRuleStore, StoredRule, StoredVisibility } from "./access-rule-store";

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

export function createPrismaAccessRuleStore(db: Db): AccessRuleStore {
  return {
    /** The rules of these presentities, each list in order. Owners with none are absent (see Presentity.customRules). */
    async load(ownerIds: string[]): Promise<Map<string, StoredRule[]>> {
      const byOwner = new Map<string, StoredRule[]>();
      if (ownerIds.length === 0) return byOwner;
      // Raw, past Prisma's engine on SQLite: every presentity a connect loads asks this.
      const rows = await readRows<{
        id: string;
        ownerId: string;
        subjectType: string;
        subjectId: string | null;
        action: string;
        hiddenTupleIds: string;
        hideLastSeen: unknown;
      }>(
        db,
        Prisma.sql`SELECT "id", "ownerId", "subjectType", "subjectId", "action", "hiddenTupleIds", "hideLastSeen"
          FROM "AccessRule" WHERE "ownerId" IN (${Prisma.join(ownerIds)}) ORDER BY "position"`,
      );
      for (const row of rows) {
        const rule: StoredRule = {
          id: row.id,
          ownerId: row.ownerId,
          subjectType: row.subjectType as SubjectType,
          subjectId: row.subjectId,
          action: row.action as AccessRuleAction,
          hiddenTupleIds: parseIds(row.hiddenTupleIds),
          hideLastSeen: rawBoolean(row.hideLastSeen),
        };
        const list = byOwner.get(row.ownerId) ?? [];
        list.push(rule);
        byOwner.set(row.ownerId, list);
      }
      return byOwner;
    },

    /** Replaces a presentity's whole ordered list. */
    async save(ownerId: string, rules: Omit<StoredRule, "id" | "ownerId">[]): Promise<StoredRule[]> {
      const rows = rules.map((rule, position) => ({ id: randomUUID(), ownerId, position, ...rule }));
      await db.$transaction([
        // Marked, so that an empty list stays empty and does not read back as the defaults.
        db.presentity.upsert({ where: { userId: ownerId }, create: { userId: ownerId, customRules: true }, update: { customRules: true } }),
        db.accessRule.deleteMany({ where: { ownerId } }),
        db.accessRule.createMany({
          data: rows.map(({ hiddenTupleIds, ...row }) => ({ ...row, hiddenTupleIds: JSON.stringify(hiddenTupleIds) })),
        }),
      ]);
      return rows.map(({ position: _position, ...rule }) => rule);
    },

    /** Visibility rules of these watchers. */
    async loadVisibility(watcherIds: string[]): Promise<StoredVisibility[]> {
      if (watcherIds.length === 0) return [];
      const rows = await readRows<{ watcherId: string; presentityId: string; visibility: string }>(
        db,
        Prisma.sql`SELECT "watcherId", "presentityId", "visibility" FROM "VisibilityRule" WHERE "watcherId" IN (${Prisma.join(watcherIds)})`,
      );
      return rows.map((row) => ({ watcherId: row.watcherId, presentityId: row.presentityId, visibility: row.visibility as "visible" | "hidden" }));
    },

    async setVisibility(watcherId: string, presentityId: string, visibility: "visible" | "hidden" | null): Promise<void> {
      if (visibility === null) {
        await db.visibilityRule.deleteMany({ where: { watcherId, presentityId } });
        return;
      }
      await db.visibilityRule.upsert({
        where: { watcherId_presentityId: { watcherId, presentityId } },
        create: { watcherId, presentityId, visibility },
        update: { visibility },
      });
    },
  };
}
