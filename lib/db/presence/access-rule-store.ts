// Storage of ACCESS RULES (per presentity, ordered) and VISIBILITY RULES (per watcher).
// Implementations: prisma-access-rule-store.ts, memory-access-rule-store.ts.
import type { AccessRuleAction, SubjectType } from "@/lib/protocol/privacy";

export type StoredRule = {
  id: string;
  ownerId: string;
  subjectType: SubjectType;
  subjectId: string | null;
  action: AccessRuleAction;
  hiddenTupleIds: string[];
  hideLastSeen: boolean;
};

export type StoredVisibility = { watcherId: string; presentityId: string; visibility: "visible" | "hidden" };

/** The presentity id of a visibility rule that applies to everyone. */
export const EVERYONE = "*";

export interface AccessRuleStore {
  /** The rules of these presentities, each list in order. Owners with none are absent (see Presentity.customRules). */
  load(ownerIds: string[]): Promise<Map<string, StoredRule[]>>;
  /** Replaces a presentity's whole ordered list (and marks it as the presentity's own, even empty). */
  save(ownerId: string, rules: Omit<StoredRule, "id" | "ownerId">[]): Promise<StoredRule[]>;
  /** Visibility rules of these watchers. */
  loadVisibility(watcherIds: string[]): Promise<StoredVisibility[]>;
  /** Sets or (null) removes a watcher's visibility rule for a presentity. */
  setVisibility(watcherId: string, presentityId: string, visibility: "visible" | "hidden" | null): Promise<void>;
}
