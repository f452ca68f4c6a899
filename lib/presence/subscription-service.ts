// SUBSCRIPTIONS and the buddy list: a watcher asks to watch a presentity; the presentity's
// access rules approve it at once, ask the presentity, hold it silently, or refuse it as if
// the account did not exist. Either side can end it. Also contact groups, which organise the
// owner's list (and are subjects of its rules). Changes re-send the affected buddy lists.
import type { SessionUser } from "@/lib/accounts/account-service";
import { GroupNameTakenError, type GroupStore } from "@/lib/db/presence/group-store";
import type { SubscriptionStore } from "@/lib/db/presence/subscription-store";
import type { PushHook } from "@/lib/push/hook";
import {
  type BuddyListSnapshot,
  type ContactGroup,
  MAX_GROUPS,
  type SubscriptionResult,
} from "@/lib/protocol/buddy-list";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { KnownAccounts } from "./known-account";
import type { PresenceNotifier } from "./notifier";
import type { PresenceAccess } from "./presence-access";
import type { PresenceState } from "./presence-state";
import { evaluateSubscription } from "./rules/evaluate-access";
import type { WatchLog } from "./watch-log";

const unknownAccount = () => new ServiceError(ErrorCode.not_found, "There is no account with that name.");

export function createSubscriptionService(deps: {
  state: PresenceState;
  presence: Pick<
    PresenceAccess,
    "contactView" | "selfView" | "factsFor" | "setHolder" | "contactsChanged" | "buddyListsChanged" | "onBuddyListsChanged"
  >;
  subscriptions: SubscriptionStore;
  groups: GroupStore;
  notifier: PresenceNotifier;
  watchLog: WatchLog;
  known: Pick<KnownAccounts, "idOf">;
  /** Reaches the presentity's devices when no tab of theirs is on screen (Web Push). */
  push?: Pick<PushHook, "contactRequestDelivered">;
  now?: () => number;
}) {
  const { state, presence, subscriptions, groups, notifier, watchLog } = deps;
  const now = deps.now ?? Date.now;

  async function otherAccount(user: SessionUser, username: string): Promise<string> {
    const id = await deps.known.idOf(user, username);
    if (!id) throw unknownAccount();
    if (id === user.id) throw new ServiceError(ErrorCode.invalid_payload, "That is you.");
    return id;
  }

  /**
   * The buddy list, built from memory (the entries hold contacts, groups and presence); only
   * the requests waiting for an answer are read from storage. `forConnection`: the tab it is
   * for, which then is not also sent each view that moved on as a separate notification.
   */
  async function snapshot(userId: string, forConnection?: string): Promise<BuddyListSnapshot> {
    const me = await state.get(userId);
    if (!me) throw new ServiceError(ErrorCode.unauthorized, "Your account no longer exists.");
    const [entries, incoming] = await Promise.all([state.getMany(me.relations.contactIds()), subscriptions.pendingFor(userId)]);
    const requesters = incoming.length > 0 ? await state.getMany(incoming.map(({ watcherId }) => watcherId)) : new Map();
    await state.loadVisibility(incoming.map(({ watcherId }) => watcherId));
    const contacts = [...me.relations.contacts()].flatMap(([contactId, contact]) => {
      const entry = entries.get(contactId);
      if (!entry) return []; // a deleted account
      return [
        {
          username: entry.doc.username,
          displayName: entry.doc.displayName,
          subscription: contact.state,
          watchesMe: me.relations.holding(contactId) === "active",
          groupIds: [...contact.groupIds],
          presence: presence.contactView(entry, userId, forConnection),
        },
      ];
    });
    // Requests my rules hold silently (polite-block) or refuse (block) are not shown to me.
    const shown = incoming.filter(
      ({ watcherId }) =>
        requesters.has(watcherId) && evaluateSubscription(me.policy, presence.factsFor(me, watcherId)) === "confirm",
    );
    return {
      me: presence.selfView(me, forConnection),
      contacts,
      incoming: shown.map(({ watcherId, updatedAt }) => {
        const { username, displayName } = requesters.get(watcherId)!.doc;
        return { username, displayName, requestedAt: updatedAt.toISOString() };
      }),
      groups: me.groups.map(({ id, name, position }): ContactGroup => ({ id, name, position })),
    };
  }

  /** Sends a fresh snapshot to the tabs of these accounts connected here. */
  async function refreshHere(userIds: string[]) {
    await Promise.all(
      userIds.map(async (userId) => {
        if (notifier.connectedHere(userId)) notifier.buddyListChanged(userId, await snapshot(userId));
      }),
    );
  }
  // Every instance snapshots for its own tabs: views and versions are each instance's own.
  presence.onBuddyListsChanged(refreshHere);

  async function refresh(...userIds: string[]) {
    await refreshHere(userIds);
    presence.buddyListsChanged(userIds);
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
      presence.setHolder(presentityId, watcher.id, next === "active" ? "active" : "waiting");
      await contactsChanged(watcher.id);
      await refresh(watcher.id, presentityId);
      // A new request the presentity is asked about (its buddy list shows it).
      if (handling === "confirm" && current !== "pending") {
        deps.push?.contactRequestDelivered({ presentityId, from: watcher.username, busy: target.doc.availability === "busy" });
      }
      return { username, state: next, canSubscribeBack: false };
    },

    /** The presentity's answer to a pending request. Approving offers to subscribe back. */
    async respond(presentity: SessionUser, username: string, approve: boolean): Promise<SubscriptionResult> {
      const watcherId = await otherAccount(presentity, username);
      const to = approve ? "active" : "denied";
      if (!(await subscriptions.transition(watcherId, presentity.id, ["pending"], to))) {
        throw new ServiceError(ErrorCode.not_found, "There is no request from that account.");
      }
      const mine = await subscriptions.get(presentity.id, watcherId);
      if (approve) {
        presence.setHolder(presentity.id, watcherId, "active");
        await contactsChanged(watcherId); // the watcher's list shows the new state
        await refresh(watcherId, presentity.id);
      } else {
        // A denied request stays pending to its watcher, which hears nothing at all.
        await refresh(presentity.id);
      }
      return { username, state: to, canSubscribeBack: approve && mine !== "active" && mine !== "pending" };
    },

    /** Removing a contact ends the subscriptions both ways and takes it out of my groups. */
    async remove(user: SessionUser, username: string): Promise<void> {
      const otherId = await otherAccount(user, username);
      await Promise.all([
        subscriptions.transition(user.id, otherId, ["pending", "active", "denied"], "ended"),
        subscriptions.transition(otherId, user.id, ["pending", "active", "denied"], "ended"),
        groups.removeContact(user.id, otherId),
        groups.removeContact(otherId, user.id),
      ]);
      presence.setHolder(otherId, user.id, null);
      presence.setHolder(user.id, otherId, null);
      await Promise.all([contactsChanged(user.id), contactsChanged(otherId)]);
      await refresh(user.id, otherId);
    },

    // --- Contact groups -----------------------------------------------------------------------

    async createGroup(user: SessionUser, name: string): Promise<ContactGroup> {
      if ((await groups.count(user.id)) >= MAX_GROUPS) {
        throw new ServiceError(ErrorCode.conflict, `You can have at most ${MAX_GROUPS} groups.`);
      }
      const group = await withGroupName(() => groups.create(user.id, name));
      await contactsChanged(user.id);
      await refresh(user.id);
      return { id: group.id, name: group.name, position: group.position };
    },

    async renameGroup(user: SessionUser, groupId: string, name: string): Promise<void> {
      if (!(await withGroupName(() => groups.rename(user.id, groupId, name)))) throw noGroup();
      await contactsChanged(user.id);
      await refresh(user.id);
    },

    async deleteGroup(user: SessionUser, groupId: string): Promise<void> {
      if (!(await groups.remove(user.id, groupId))) throw noGroup();
      await contactsChanged(user.id);
      await refresh(user.id);
    },

    async reorderGroups(user: SessionUser, groupIds: string[]): Promise<void> {
      await groups.reorder(user.id, groupIds);
      await contactsChanged(user.id);
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
