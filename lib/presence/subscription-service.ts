// SUBSCRIPTIONS and the buddy list: a watcher asks to watch a presentity; the presentity's
// access rules approve it at once, ask the presentity, hold it silently, or refuse it as if
// the account did not exist. Either side can end it. Also contact groups, which organise the
// owner's list (and are subjects of its rules). Changes re-send the affected buddy lists.
import type { SessionUser } from "@/lib/accounts/account-service";
import { GroupNameTakenError, type GroupStore } from "@/lib/db/group-store";
import type { SubscriptionStore } from "@/lib/db/subscription-store";
import {
  type BuddyListSnapshot,
  type ContactGroup,
  MAX_GROUPS,
  type SubscriptionResult,
} from "@/lib/protocol/buddy-list";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { PresenceNotifier } from "./notifier";
import type { PresenceService } from "./presence-service";
import type { PresenceState } from "./presence-state";
import { evaluateSubscription } from "./rules/evaluate-access";
import type { WatchLog } from "./watch-log";

const unknownAccount = () => new ServiceError(ErrorCode.not_found, "There is no account with that name.");

export function createSubscriptionService(deps: {
  state: PresenceState;
  presence: PresenceService;
  subscriptions: SubscriptionStore;
  groups: GroupStore;
  notifier: PresenceNotifier;
  watchLog: WatchLog;
  now?: () => number;
}) {
  const { state, presence, subscriptions, groups, notifier, watchLog } = deps;
  const now = deps.now ?? Date.now;

  async function otherAccount(user: SessionUser, username: string): Promise<string> {
    const id = await state.idOf(username);
    if (!id) throw unknownAccount();
    if (id === user.id) throw new ServiceError(ErrorCode.invalid_payload, "That is you.");
    return id;
  }

  async function snapshot(userId: string): Promise<BuddyListSnapshot> {
    const [watching, incoming, ownGroups] = await Promise.all([
      subscriptions.watching(userId),
      subscriptions.pendingFor(userId),
      groups.list(userId),
    ]);
    const entries = await state.getMany([userId, ...watching.map((row) => row.presentity.id)]);
    const me = entries.get(userId);
    if (!me) throw new ServiceError(ErrorCode.unauthorized, "Your account no longer exists.");
    await state.loadVisibility(incoming.map(({ watcher }) => watcher.id));
    const groupsOf = (contactId: string) =>
      ownGroups.filter((group) => group.memberIds.includes(contactId)).map((group) => group.id);
    const contacts = watching.flatMap(({ presentity, state: subscription }) => {
      const entry = entries.get(presentity.id);
      if (!entry) return [];
      return [
        {
          username: presentity.username,
          displayName: presentity.displayName,
          subscription: subscription as "pending" | "active",
          watchesMe: me.subscribers.has(presentity.id),
          groupIds: groupsOf(presentity.id),
          presence: presence.contactView(entry, userId),
        },
      ];
    });
    // Requests my rules hold silently (polite-block) or refuse (block) are not shown to me.
    const shown = incoming.filter(
      ({ watcher }) => evaluateSubscription(me.policy, presence.factsFor(me, watcher.id)) === "confirm",
    );
    return {
      me: presence.selfView(me),
      contacts,
      incoming: shown.map(({ watcher, updatedAt }) => ({
        username: watcher.username,
        displayName: watcher.displayName,
        requestedAt: updatedAt.toISOString(),
      })),
      groups: ownGroups.map(({ id, name, position }): ContactGroup => ({ id, name, position })),
    };
  }

  async function refresh(...userIds: string[]) {
    await Promise.all(userIds.map(async (userId) => notifier.buddyListChanged(userId, await snapshot(userId))));
  }

  const contactsChanged = (ownerId: string) => presence.contactsChanged(ownerId);

  return {
    snapshot,
    refresh,

    /** Ask to watch someone. The presentity's rules decide what happens next. */
    async request(watcher: SessionUser, username: string): Promise<SubscriptionResult> {
      const presentityId = await otherAccount(watcher, username);
      const entries = await state.getMany([presentityId, watcher.id]);
      const target = entries.get(presentityId);
      if (!target) throw unknownAccount();
      const handling = evaluateSubscription(target.policy, presence.factsFor(target, watcher.id));
      if (handling === "refuse") throw unknownAccount(); // blocked: exactly like an unknown name
      watchLog.record({ presentityId, watcherId: watcher.id, kind: "subscribe", at: new Date(now()) });
      const current = await subscriptions.get(watcher.id, presentityId);
      if (current === "active") return { username, state: "active", canSubscribeBack: false };
      const next = handling === "approve" ? "active" : "pending";
      if (current !== next) await subscriptions.set(watcher.id, presentityId, next);
      if (next === "active") presence.setSubscriber(presentityId, watcher.id, true);
      await contactsChanged(watcher.id);
      await refresh(watcher.id, presentityId);
      return { username, state: next, canSubscribeBack: false };
    },

    /** The presentity's answer to a pending request. Approving offers to subscribe back. */
    async respond(presentity: SessionUser, username: string, approve: boolean): Promise<SubscriptionResult> {
      const watcherId = await otherAccount(presentity, username);
      const to = approve ? "active" : "denied";
      if (!(await subscriptions.transition(watcherId, presentity.id, ["pending"], to))) {
        throw new ServiceError(ErrorCode.not_found, "There is no request from that account.");
      }
      if (approve) presence.setSubscriber(presentity.id, watcherId, true);
      const mine = await subscriptions.get(presentity.id, watcherId);
      await refresh(watcherId, presentity.id);
      return { username, state: to, canSubscribeBack: approve && mine !== "active" && mine !== "pending" };
    },

    /** Removing a contact ends the subscriptions both ways and takes it out of my groups. */
    async remove(user: SessionUser, username: string): Promise<void> {
      const otherId = await otherAccount(user, username);
      await Promise.all([
        subscriptions.transition(user.id, otherId, ["pending", "active"], "ended"),
        subscriptions.transition(otherId, user.id, ["pending", "active"], "ended"),
        groups.removeContact(user.id, otherId),
        groups.removeContact(otherId, user.id),
      ]);
      presence.setSubscriber(otherId, user.id, false);
      presence.setSubscriber(user.id, otherId, false);
      await Promise.all([contactsChanged(user.id), contactsChanged(otherId)]);
      await refresh(user.id, otherId);
    },

    // --- Contact groups -----------------------------------------------------------------------

    async createGroup(user: SessionUser, name: string): Promise<ContactGroup> {
      if ((await groups.count(user.id)) >= MAX_GROUPS) {
        throw new ServiceError(ErrorCode.conflict, `You can have at most ${MAX_GROUPS} groups.`);
      }
      const group = await withGroupName(() => groups.create(user.id, name));
      await refresh(user.id);
      return { id: group.id, name: group.name, position: group.position };
    },

    async renameGroup(user: SessionUser, groupId: string, name: string): Promise<void> {
      if (!(await withGroupName(() => groups.rename(user.id, groupId, name)))) throw noGroup();
      await refresh(user.id);
    },

    async deleteGroup(user: SessionUser, groupId: string): Promise<void> {
      if (!(await groups.remove(user.id, groupId))) throw noGroup();
      await contactsChanged(user.id);
      await refresh(user.id);
    },

    async reorderGroups(user: SessionUser, groupIds: string[]): Promise<void> {
      await groups.reorder(user.id, groupIds);
      await refresh(user.id);
    },

    async setContactGroups(user: SessionUser, username: string, groupIds: string[]): Promise<void> {
      const contactId = await otherAccount(user, username);
      await groups.setContactGroups(user.id, contactId, groupIds);
      await contactsChanged(user.id);
      await refresh(user.id);
    },
  };
}
export type SubscriptionService = ReturnType<typeof createSubscriptionService>;

const noGroup = () => new ServiceError(ErrorCode.not_found, "There is no such group.");

async function withGroupName<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GroupNameTakenError) {
      throw new ServiceError(ErrorCode.conflict, "You already have a group with that name.", {
        issues: [{ path: "name", message: "You already have a group with that name." }],
      });
    }
    throw error;
  }
}
