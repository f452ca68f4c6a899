// The privacy center: a presentity's ACCESS RULES and invisible mode, a watcher's
// VISIBILITY RULES, the "see my presence as…" preview and username suggestions. A change
// takes effect at once: decisions are recomputed and exactly the watchers whose view
// changed are notified.
import type { SessionUser } from "@/lib/accounts/account-service";
import type { AccessRuleStore, StoredRule } from "@/lib/db/presence/access-rule-store";
import { EVERYONE } from "@/lib/db/presence/access-rule-store";
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { GroupStore } from "@/lib/db/presence/group-store";
import type { PresenceStore } from "@/lib/db/presence/presence-store";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type {
  AccessRuleView,
  PresencePreview,
  PrivacySettings,
  UserSuggestion,
  accessRuleInputSchema,
  previewSchema,
} from "@/lib/protocol/privacy";
import type { z } from "zod";
import type { KnownAccounts } from "./known-account";
import type { PresenceNotifier } from "./notifier";
import type { PresenceAccess } from "./presence-access";
import { compileRules } from "./entry-loader";
import type { PresenceState, PresentityEntry } from "./presence-state";
import { DEFAULT_RULES, evaluateAccess, forSubscriber, type WatcherFacts } from "./rules/evaluate-access";
import { renderView } from "./rules/render-view";
import { withoutBlocks } from "./rules/blocklist";
import { withUnseenRules } from "./rules/unseen-rules";
import type { SubscriptionService } from "./subscription-service";

type RuleInput = z.output<typeof accessRuleInputSchema>;
type RuleToSave = Omit<StoredRule, "id" | "ownerId">;

const SUGGESTION_LIMIT = 10;

/** The defaults, in stored form, for the privacy page to show (and edit) like any rules. */
const DEFAULT_STORED: Omit<StoredRule, "id" | "ownerId">[] = DEFAULT_RULES.map((rule) => ({
  subjectType: rule.subject.type,
  subjectId: null,
  action: rule.action,
  hiddenTupleIds: [...rule.hiddenTupleIds],
  hideLastSeen: rule.hideLastSeen,
}));

export function createPrivacyService(deps: {
  state: PresenceState;
  presence: Pick<PresenceAccess, "blocks" | "factsFor" | "policyChanged" | "visibilityChanged">;
  subscriptions: SubscriptionService;
  rules: AccessRuleStore;
  presenceStore: PresenceStore;
  accounts: AccountStore;
  groups: GroupStore;
  notifier: PresenceNotifier;
  known: KnownAccounts;
}) {
  const { state, presence, rules, presenceStore, known } = deps;

  /** The new settings, also sent to the account's other tabs. */
  async function changed(user: Pick<SessionUser, "id">): Promise<PrivacySettings> {
    const current = await settings(user);
    deps.notifier.privacyChanged(user.id, current);
    return current;
  }

  async function entryOf(user: Pick<SessionUser, "id">): Promise<PresentityEntry> {
    return state.requireEntry(user.id);
  }

  async function settings(user: Pick<SessionUser, "id">): Promise<PrivacySettings> {
    const entry = await entryOf(user);
    const stored = entry.storedRules ?? DEFAULT_STORED.map((rule, index) => ({ ...rule, id: `default-${index}`, ownerId: user.id }));
    const userIds = stored.filter((rule) => rule.subjectType === "user").map((rule) => rule.subjectId!);
    const visibility = state.visibilityOf(user.id);
    const people = [...visibility.perPresentity.keys()];
    const [accounts, ownGroups, knowable] = await Promise.all([
      deps.accounts.summaries([...userIds, ...people]),
      deps.groups.list(user.id),
      known.knownAmong(user.id, [...userIds, ...people]),
    ]);
    // Rows about an account that blocks me vanish, as they would had it been deleted.
    const account = new Map(accounts.filter((row) => knowable.has(row.id)).map((row) => [row.id, row]));
    const ruleViews = stored.flatMap((rule): AccessRuleView[] => {
      const base = { id: rule.id, action: rule.action, hiddenTupleIds: rule.hiddenTupleIds, hideLastSeen: rule.hideLastSeen };
      switch (rule.subjectType) {
        case "user": {
          const who = account.get(rule.subjectId!);
          return who ? [{ ...base, subject: { type: "user", username: who.username, displayName: who.displayName } }] : [];
        }
        case "group": {
          const group = ownGroups.find((candidate) => candidate.id === rule.subjectId);
          return group ? [{ ...base, subject: { type: "group", groupId: group.id, name: group.name } }] : [];
        }
        case "token":
          return [{ ...base, subject: { type: "token", tokenId: rule.subjectId } }];
        default:
          return [{ ...base, subject: { type: rule.subjectType } }];
      }
    });
    return {
      rules: ruleViews,
      defaults: entry.storedRules === null,
      invisible: entry.policy.invisible,
      watcherRetentionDays: entry.watcherRetentionDays,
      visibility: {
        all: visibility.all,
        people: people.flatMap((id) => {
          const who = account.get(id);
          return who ? [{ username: who.username, displayName: who.displayName, visibility: visibility.perPresentity.get(id)! }] : [];
        }),
      },
    };
  }

  /** Applies a changed policy: new decisions, notifications to exactly those affected. */
  async function policyChanged(user: SessionUser, entry: PresentityEntry, apply: () => void) {
    await presence.policyChanged(entry, apply);
    // Requests shown to me may appear or vanish (confirm vs polite-block).
    await deps.subscriptions.refresh(user.id);
  }

  /** `at` prefixes issue paths with the rule's place in the list ("rules.2."). */
  async function resolveSubject(user: SessionUser, input: RuleInput["subject"], at = "") {
    switch (input.type) {
      case "user": {
        const id = await known.idOf(user, input.username);
        if (!id) {
          throw new ServiceError(ErrorCode.invalid_payload, `There is no account named ${input.username}.`, {
            issues: [{ path: `${at}subject.username`, message: "No account with that name." }],
          });
        }
        return { subjectType: "user" as const, subjectId: id };
      }
      case "group": {
        const owned = (await deps.groups.list(user.id)).some((group) => group.id === input.groupId);
        if (!owned) {
          throw new ServiceError(ErrorCode.invalid_payload, "There is no such group.", {
            issues: [{ path: `${at}subject.groupId`, message: "No such group." }],
          });
        }
        return { subjectType: "group" as const, subjectId: input.groupId };
      }
      case "token":
        return { subjectType: "token" as const, subjectId: input.tokenId };
      default:
        return { subjectType: input.type, subjectId: null };
    }
  }

  async function saveRules(user: SessionUser, stored: RuleToSave[]) {
    const entry = await entryOf(user);
    const saved = await rules.save(user.id, stored.map(withoutIds));
    await policyChanged(user, entry, () => {
      entry.storedRules = saved;
      entry.policy = { ...entry.policy, rules: compileRules(saved) };
    });
    return changed(user);
  }

  /** Facts for a hypothetical watcher in a preview. */
  async function previewFacts(user: SessionUser, entry: PresentityEntry, subject: z.output<typeof previewSchema>["subject"]) {
    const stranger: WatcherFacts = {
      watcherId: "preview",
      tokenId: null,
      isContact: false,
      groupIds: [],
      hidden: false,
      subscription: null,
    };
    switch (subject.type) {
      case "user": {
        const id = await known.idOf(user, subject.username);
        if (!id || id === user.id) throw new ServiceError(ErrorCode.not_found, "There is no other account with that name.");
        await state.loadVisibility([id]);
        return presence.factsFor(entry, id);
      }
      case "group":
        return { ...stranger, isContact: true, groupIds: [subject.groupId], subscription: "active" as const };
      case "contacts":
        return { ...stranger, isContact: true, subscription: "active" as const };
      case "signed-in":
        return stranger;
    }
  }

  /** One action from a watcher-information row: a rule for that person, first in the list. */
  async function quickRule(user: SessionUser, username: string, action: "allow" | "limited" | "polite-block" | "block") {
    const id = await known.idOf(user, username);
    if (!id || id === user.id) throw new ServiceError(ErrorCode.not_found, "There is no account with that name.");
    const entry = await entryOf(user);
    const current = entry.storedRules ?? DEFAULT_STORED;
    const others = current.filter((rule) => !(rule.subjectType === "user" && rule.subjectId === id));
    return saveRules(user, [
      { subjectType: "user", subjectId: id, action, hiddenTupleIds: [], hideLastSeen: false },
      ...others,
    ]);
  }

  return {
    settings,

    async setRules(user: SessionUser, input: RuleInput[]): Promise<PrivacySettings> {
      const stored = [];
      for (const [index, rule] of input.entries()) {
        stored.push({
          ...(await resolveSubject(user, rule.subject, `rules.${index}.`)),
          action: rule.action,
          hiddenTupleIds: rule.hiddenTupleIds,
          hideLastSeen: rule.hideLastSeen,
        });
      }
      // Rules the page did not show (about accounts that block me) stay, and keep applying.
      const previous = (await entryOf(user)).storedRules ?? [];
      const subjects = previous.flatMap((rule) => (rule.subjectType === "user" && rule.subjectId ? [rule.subjectId] : []));
      const knowable = await known.knownAmong(user.id, subjects);
      const unseen = (rule: RuleToSave) => rule.subjectType === "user" && !knowable.has(rule.subjectId ?? "");
      return saveRules(user, withUnseenRules<RuleToSave>(stored, previous, unseen));
    },

    quickRule,

    /** Blocks each of these people (a `block` rule each, first in the list), as XMPP's blocking command does. */
    async block(user: SessionUser, usernames: string[]): Promise<PrivacySettings> {
      let current: PrivacySettings | null = null;
      for (const username of usernames) current = await quickRule(user, username, "block");
      return current ?? settings(user);
    },

    /** Removes the `block` rules about these people (about everyone blocked by name when null). */
    async unblock(user: SessionUser, usernames: string[] | null): Promise<PrivacySettings> {
      const current = (await entryOf(user)).storedRules;
      if (!current) return settings(user);
      const ids = usernames === null ? null : new Set((await Promise.all(usernames.map((name) => known.idOf(user, name)))).flatMap((id) => id ?? []));
      const kept = withoutBlocks(current, ids);
      return kept.length === current.length ? settings(user) : saveRules(user, kept);
    },

    /** "Appear offline": polite-blocks everyone until turned off; I still see my contacts. */
    async setInvisible(user: SessionUser, invisible: boolean): Promise<PrivacySettings> {
      const entry = await entryOf(user);
      await presenceStore.saveSettings(user.id, { invisible });
      await policyChanged(user, entry, () => {
        entry.policy = { ...entry.policy, invisible };
      });
      return changed(user);
    },

    async setRetention(user: SessionUser, days: number): Promise<PrivacySettings> {
      const entry = await entryOf(user);
      await presenceStore.saveSettings(user.id, { watcherRetentionDays: days });
      entry.watcherRetentionDays = days;
      return changed(user);
    },

    /** Whether my watching shows in others' watcher information (one person, or everyone). */
    async setVisibility(user: SessionUser, username: string | null, visibility: "visible" | "hidden" | "default") {
      let presentityId = EVERYONE;
      if (username !== null) {
        const id = await known.idOf(user, username);
        if (!id || id === user.id) throw new ServiceError(ErrorCode.not_found, "There is no account with that name.");
        presentityId = id;
      }
      const value = visibility === "default" ? (presentityId === EVERYONE ? "visible" : null) : visibility;
      await rules.setVisibility(user.id, presentityId, value);
      // Rules about hidden watchers may now decide differently for me, wherever I watch.
      await presence.visibilityChanged(user.id);
      return changed(user);
    },

    /** My presence as someone would see it, by the real evaluation. */
    async preview(user: SessionUser, subject: z.output<typeof previewSchema>["subject"]): Promise<PresencePreview> {
      const entry = await entryOf(user);
      const facts = await previewFacts(user, entry, subject);
      const decision = evaluateAccess(entry.policy, facts);
      if (decision.action === "block" && facts.subscription !== "active") return { exists: false };
      // A hypothetical view: it has no place in anyone's sequence of versions.
      return { exists: true, view: { ...renderView(entry.doc, forSubscriber(decision)), version: 0 } };
    },

    /** Usernames for "add contact" suggestions — never one whose rules block me. */
    async suggest(user: SessionUser, prefix: string): Promise<UserSuggestion[]> {
      const candidates = (await presenceStore.search(prefix, SUGGESTION_LIMIT * 3)).filter((row) => row.id !== user.id);
      const entries = await state.getMany(candidates.map((row) => row.id));
      await state.loadVisibility([user.id]);
      return candidates
        .filter((row) => {
          const entry = entries.get(row.id);
          return entry !== undefined && !presence.blocks(entry, user.id);
        })
        .slice(0, SUGGESTION_LIMIT)
        .map(({ username, displayName }) => ({ username, displayName }));
    },
  };
}
export type PrivacyService = ReturnType<typeof createPrivacyService>;

/** A stored rule as it is saved again (storage gives it a new id). */
function withoutIds({ subjectType, subjectId, action, hiddenTupleIds, hideLastSeen }: RuleToSave): RuleToSave {
  return { subjectType, subjectId, action, hiddenTupleIds, hideLastSeen };
}
