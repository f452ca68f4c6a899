// The access rule store in memory (the contract: access-rule-store.ts), over memory-tables.ts.
import { randomUUID } from "node:crypto";
import { deleteWhere, type MemoryTables, presentityRow, sortBy } from "../memory-tables";
import type { AccessRuleStore, StoredRule } from "./access-rule-store";

export function createMemoryAccessRuleStore(tables: MemoryTables): AccessRuleStore {
  return {
    async load(ownerIds) {
      const byOwner = new Map<string, StoredRule[]>();
      const rows = sortBy(
        tables.rules.filter((rule) => ownerIds.includes(rule.ownerId)),
        (rule) => rule.position,
      );
      for (const { position: _position, ...rule } of rows) {
        byOwner.set(rule.ownerId, [...(byOwner.get(rule.ownerId) ?? []), { ...rule, hiddenTupleIds: [...rule.hiddenTupleIds] }]);
      }
      return byOwner;
    },

    async save(ownerId, rules) {
      const rows = rules.map((rule, position) => ({ id: randomUUID(), ownerId, position, ...rule, hiddenTupleIds: [...rule.hiddenTupleIds] }));
      // Marked, so that an empty list stays empty and does not read back as the defaults.
      const presentity = presentityRow(tables, ownerId);
      presentity.customRules = true;
      presentity.updatedAt = tables.now();
      deleteWhere(tables.rules, (rule) => rule.ownerId === ownerId);
      tables.rules.push(...rows);
      return rows.map(({ position: _position, ...rule }) => rule);
    },

    async loadVisibility(watcherIds) {
      return tables.visibility.filter((rule) => watcherIds.includes(rule.watcherId)).map((rule) => ({ ...rule }));
    },

    async setVisibility(watcherId, presentityId, visibility) {
      deleteWhere(tables.visibility, (rule) => rule.watcherId === watcherId && rule.presentityId === presentityId);
      if (visibility !== null) tables.visibility.push({ watcherId, presentityId, visibility });
    },
  };
}
