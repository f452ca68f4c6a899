// The PRESENCE SERVICE: accepts presence from a presentity's user agents (devices, status,
// user tuples), keeps it, and distributes it to watchers as each may see it. Storage and the
// notifier come in as arguments; every view goes through evaluateAccess().
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/accounts/account-service";
import type { PresenceStore } from "@/lib/db/presence/presence-store";
import type { Logger } from "@/lib/log";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import {
  type PresenceView,
  STATUS_MAX_DURATION_MS,
  type setStatusSchema,
  type setUserTuplesSchema,
} from "@/lib/protocol/presence";
import type { z } from "zod";
import { nextVersion, type PresenceDocument } from "./document";
import type { ClusterMessage, PresenceCluster } from "./cluster";
import type { KnownAccounts } from "./known-account";
import type { PresenceNotifier } from "./notifier";
import type { Holding, PresenceState, PresentityEntry } from "./presence-state";
import { type AccessDecision, evaluateAccess, forSubscriber, type WatcherFacts } from "./rules/evaluate-access";
import { EVICTION_SWEEP_MS, PRESENCE_COALESCE_MS, PRESENTITY_IDLE_EVICT_MS, STATUS_EXPIRY_SWEEP_MS } from "./timing";
import type { WatchLog } from "./watch-log";
import { type Rendered, versioned } from "./watcher-views";

type Watcher = Pick<SessionUser, "id">;

/** setTimeout cannot wait longer than this; later expiries are left to the periodic sweep. */
const MAX_TIMER_MS = 2 **31 - 1;

export function createPresenceService(deps: {
  state: PresenceState;
  store: PresenceStore;
  notifier: PresenceNotifier;
  cluster: PresenceCluster;
  watchLog: WatchLog;
  logger: Logger;
  graceMs: number;
  /** Names the caller gives, as the caller may know them (a blocker looks missing). */
  known: Pick<KnownAccounts, "idOf">;
  now?: () => number;
}) {
  const { state, store, notifier, watchLog, logger, cluster } = deps;
  const now = deps.now ?? Date.now;
  /** Devices that disconnected and close when their grace period ends. */
  const closing = new Map<string, NodeJS.Timeout>();
  /** Sockets per device, so a duplicated tab (same device id twice) gets an id of its own. */
  const liveSockets = new Map<string, number>();
  const expiryTimers = new Map<string, NodeJS.Timeout>();
  const deviceKey = (userId: string, deviceId: string) => `${userId}/${deviceId}`;

  const bump = (doc: PresenceDocument) => {
    doc.version = nextVersion(doc.version, now());
  };

  // --- Access and views ---------------------------------------------------------------------

  /** The facts about a watcher that access rules look at, all from memory. */
  function factsFor(entry: PresentityEntry, watcherId: string, tokenId: string | null = null): WatcherFacts {
    return {
      watcherId,
      tokenId,
      isContact: entry.contacts.has(watcherId),
      groupIds: entry.contacts.get(watcherId)?.groupIds ?? [],
      hidden: state.isHidden(watcherId, entry.doc.userId),
      subscription: entry.subscribers.has(watcherId) ? "active" : null,
    };
  }

  /** A token's requests are a watcher of their own: its rules may differ from the session's. */
  const recordId = (watcherId: string, tokenId: string | null) => (tokenId === null ? watcherId : `${watcherId}#${tokenId}`);

  /** The decision for a watcher, cached in its record until rules, contacts or visibility change. */
  function decide(entry: PresentityEntry, watcherId: string, tokenId: string | null = null): AccessDecision {
    const record = entry.watchers.record(recordId(watcherId, tokenId));
    record.decision ??= evaluateAccess(entry.policy, factsFor(entry, watcherId, tokenId));
    return record.decision;
  }

  /** Whether the watcher holds the presentity in its buddy list (active, or waiting). */
  const holds = (entry: PresentityEntry, watcherId: string) => entry.subscribers.has(watcherId) || entry.requesters.has(watcherId);
  /** Whether the watcher's tabs show the presentity: held in its buddy list, or followed. */
  const shows = (entry: PresentityEntry, watcherId: string) => holds(entry, watcherId) || entry.followers.has(watcherId);

  /**
   * The decision a watcher's view follows: a blocked watcher who holds the presentity (or
   * follows it) keeps it, offline for good; anyone else blocked gets no view at all.
   */
  function viewDecision(entry: PresentityEntry, watcherId: string, tokenId: string | null = null): AccessDecision {
    const decision = decide(entry, watcherId, tokenId);
    return shows(entry, watcherId) ? forSubscriber(decision) : decision;
  }

  /** Watchers whose view just stopped being hidden (see onViewsOpened). */
  let opened: string[] = [];
  const openedListeners: ((presentityId: string, watcherIds: string[]) => void)[] = [];
  function flushOpened(entry: PresentityEntry) {
    if (opened.length === 0) return;
    const watcherIds = opened;
    opened = [];
    for (const listener of openedListeners) listener(entry.doc.userId, watcherIds);
  }

  const hides = (decision: AccessDecision) => decision.action === "polite-block" || decision.action === "block";

  /**
   * Notes when the watcher's view turns hidden, and tells onViewsOpened when it stops being
   * hidden — without giving the watcher anything (its view and version stay as they were).
   */
  function trackHidden(entry: PresentityEntry, watcherId: string, tokenId: string | null): AccessDecision {
    const decision = viewDecision(entry, watcherId, tokenId);
    const record = entry.watchers.record(recordId(watcherId, tokenId));
    if (hides(decision)) record.hiddenSince ??= now();
    else if (record.hiddenSince !== null) {
      record.hiddenSince = null;
      if (tokenId === null) opened.push(watcherId);
    }
    return decision;
  }

  /** The watcher's view now, and whether it differs from the one it was last given. */
  function resolve(entry: PresentityEntry, watcherId: string, tokenId: string | null = null) {
    const decision = trackHidden(entry, watcherId, tokenId);
    const record = entry.watchers.record(recordId(watcherId, tokenId));
    const result = entry.watchers.resolve(record, decision, entry.doc, now());
    return { ...result, decision };
  }

  /**
   * The watcher's view for one caller (a fetch, a snapshot, a command's answer). If it moved
   * on, the watcher's other tabs hear it too: a record only moves on with everyone told.
   */
  function answer(entry: PresentityEntry, watcherId: string, tokenId: string | null) {
    const result = resolve(entry, watcherId, tokenId);
    const view = versioned(result.rendered, result.version);
    if (result.changed && tokenId === null && inAudience(entry, watcherId)) notifier.presenceChanged([watcherId], view);
    flushOpened(entry);
    return { view, decision: result.decision };
  }

  /**
   * What a fetcher or poller sees; null when the watcher is blocked and neither holds nor
   * follows the presentity (it must look unknown). A blocked holder or follower sees what its
   * tabs show: offline since the block.
   */
  function lookupView(entry: PresentityEntry, watcherId: string, tokenId: string | null = null): PresenceView | null {
    if (decide(entry, watcherId, tokenId).action === "block" && !shows(entry, watcherId)) return null;
    return answer(entry, watcherId, tokenId).view;
  }

  /** What a watcher's buddy list shows for a contact: a blocked holder sees it offline for good. */
  function contactView(entry: PresentityEntry, watcherId: string): PresenceView {
    return answer(entry, watcherId, null).view;
  }

  const inAudience = (entry: PresentityEntry, watcherId: string) =>
    watcherId === entry.doc.userId || shows(entry, watcherId);

  /** Everyone who is told of the presentity's changes: itself, its holders and followers. */
  function* audience(entry: PresentityEntry): Generator<string> {
    yield entry.doc.userId;
    yield* entry.subscribers;
    yield* entry.requesters;
    for (const watcherId of entry.followers.keys()) if (!holds(entry, watcherId)) yield watcherId;
  }

  /**
   * Tells every watcher whose view changed its new view, and nobody else. Watchers given the
   * same content at the same version share one send. After a change to what decides access,
   * `everyone` also brings the records of past fetchers up to date, so a view that turned
   * hidden froze at this moment for them too.
   */
  function publish(entry: PresentityEntry, everyone = false) {
    const sends = new Map<Rendered, Map<number, string[]>>();
    const told = new Set<string>();
    for (const watcherId of audience(entry)) {
      if (told.has(watcherId)) continue;
      told.add(watcherId);
      const { rendered, version, changed: moved } = resolve(entry, watcherId);
      if (!moved) continue;
      let byVersion = sends.get(rendered);
      if (!byVersion) sends.set(rendered, (byVersion = new Map()));
      const watcherIds = byVersion.get(version);
      if (watcherIds) watcherIds.push(watcherId);
      else byVersion.set(version, [watcherId]);
    }
    if (everyone) {
      // Past fetchers are given nothing now; only the moment their view turned hidden is kept.
      for (const watcherId of [...entry.watchers.watcherIds()]) {
        const [id, tokenId] = watcherId.split("#") as [string, string | undefined];
        if (!told.has(watcherId)) trackHidden(entry, id, tokenId ?? null);
      }
    }
    for (const [rendered, byVersion] of sends) {
      for (const [version, watcherIds] of byVersion) notifier.presenceChanged(watcherIds, versioned(rendered, version));
    }
    flushOpened(entry);
  }

  /** Presentities with a coalesced publish waiting, and when each last published. */
  const coalescing = new Map<string, NodeJS.Timeout>();
  const publishedAt = new Map<string, number>();

  /**
   * A document change made here: tell watchers, then the other instances (which tell theirs).
   * A burst is coalesced: the first change goes out at once, later ones within
   * PRESENCE_COALESCE_MS of it go out together at the end of that window, so watchers get the
   * latest state rather than every step (a client flipping its status in a loop costs its
   * watchers one notification per window).
   */
  function changed(entry: PresentityEntry) {
    const userId = entry.doc.userId;
    if (coalescing.has(userId)) return; // the waiting publish carries this change too
    const wait = (publishedAt.get(userId) ?? -Infinity) + PRESENCE_COALESCE_MS - now();
    if (wait <= 0) return flush(entry);
    const timer = setTimeout(() => {
      coalescing.delete(userId);
      const current = state.peek(userId);
      if (current) flush(current);
    }, wait);
    timer.unref();
    coalescing.set(userId, timer);
  }

  function flush(entry: PresentityEntry) {
    const userId = entry.doc.userId;
    publishedAt.set(userId, now());
    publish(entry);
    cluster.broadcast({ type: "doc", userId, doc: entry.doc });
  }

  /** Publishes every coalesced change now (shutdown). */
  function flushCoalesced() {
    for (const [userId, timer] of coalescing) {
      clearTimeout(timer);
      const entry = state.peek(userId);
      if (entry) flush(entry);
    }
    coalescing.clear();
  }

  /**
   * A change to what decides access (rules, invisible mode, contacts, groups, a watcher's
   * visibility): decisions are recomputed and exactly the watchers whose view changed hear.
   */
  async function decisionsChange(entry: PresentityEntry, apply: () => Promise<void> | void) {
    await apply();
    entry.watchers.clearDecisions();
    publish(entry, true);
  }

  async function requireEntry(userId: string): Promise<PresentityEntry> {
    const entry = await state.get(userId);
    if (!entry) throw new ServiceError(ErrorCode.unauthorized, "Your account no longer exists.");
    return entry;
  }

  /** Your own presence, as your tabs show it. */
  function selfView(entry: PresentityEntry): PresenceView {
    return contactView(entry, entry.doc.userId);
  }

  // --- Status expiry --------------------------------------------------------------------------

  function scheduleExpiry(entry: PresentityEntry) {
    const userId = entry.doc.userId;
    clearTimeout(expiryTimers.get(userId));
    expiryTimers.delete(userId);
    const at = entry.doc.statusExpiresAt;
    if (at === null) return;
    const delay = Math.max(0, at - now());
    if (delay > MAX_TIMER_MS) return;
    const timer = setTimeout(() => void expireStatus(userId), delay);
    timer.unref();
    expiryTimers.set(userId, timer);
  }

  async function expireStatus(userId: string) {
    expiryTimers.delete(userId);
    try {
      const entry = state.peek(userId);
      const version = nextVersion(entry?.doc.version ?? 0, now());
      // Only the process whose conditional update wins notifies, so watchers hear it once.
      if (!(await store.clearExpiredStatus(userId, new Date(now()), version))) return;
      if (!entry) return;
      Object.assign(entry.doc, { availability: "available", note: null, statusExpiresAt: null, updatedAt: now() });
      bump(entry.doc);
      changed(entry);
    } catch (error) {
      logger.error({ err: error, userId }, "status expiry failed");
    }
  }

  async function sweepExpiredStatuses() {
    try {
      for (const { userId } of await store.expiringBefore(new Date(now()))) await expireStatus(userId);
    } catch (error) {
      logger.error({ err: error }, "status expiry sweep failed");
    }
  }

  const sweeps = [
    setInterval(() => void sweepExpiredStatuses(), STATUS_EXPIRY_SWEEP_MS),
    setInterval(() => {
      // Kept while a watcher connected here holds or follows it: the views and versions its
      // tabs were given live in the entry, and must go on from where they are.
      const online = new Set([...liveSockets.keys(), ...closing.keys()].map((key) => key.slice(0, key.indexOf("/"))));
      const watched = (entry: PresentityEntry) => {
        for (const watcherId of audience(entry)) if (online.has(watcherId)) return true;
        return false;
      };
      for (const [userId, at] of publishedAt) if (at < now() - PRESENCE_COALESCE_MS) publishedAt.delete(userId);
      const evicted = state.evictIdle(
        now() - PRESENTITY_IDLE_EVICT_MS,
        (entry) => expiryTimers.has(entry.doc.userId) || watched(entry),
      );
      if (evicted > 0) logger.debug({ evicted }, "evicted idle presentities");
    }, EVICTION_SWEEP_MS),
  ];
  sweeps.forEach((timer) => timer.unref());

  // Registered before anything can happen: changes from other instances, and their orphans.
  // One at a time, in the order sent: a buddy list snapshot must see the contacts reloaded
  // by the message before it.
  let clusterQueue = Promise.resolve();
  cluster.onMessage((message) => {
    clusterQueue = clusterQueue
      .then(() => onClusterMessage(message))
      .catch((error: unknown) => logger.error({ err: error, message: message.type }, "cluster message failed"));
  });
  const buddyListListeners: ((userIds: string[]) => Promise<void>)[] = [];
  // Devices of an instance that died are closed by exactly one survivor.
  cluster.onOrphanedDevices(async (devices) => {
    for (const { userId, deviceId } of devices) await closeDevice(userId, deviceId);
  });

  return {
    decide,
    factsFor,
    lookupView,
    contactView,
    selfView,
    requireEntry,
    publish,

    /** A tab or API client connected. Returns the device id it should use from now on. */
    async connectDevice(user: SessionUser, device: { deviceId?: string; label: string }): Promise<string> {
      const entry = await requireEntry(user.id);
      let deviceId = device.deviceId ?? randomUUID();
      let key = deviceKey(user.id, deviceId);
      if ((liveSockets.get(key) ?? 0) > 0) {
        // The same id is live in another socket (a duplicated tab): this one is a new device.
        deviceId = randomUUID();
        key = deviceKey(user.id, deviceId);
      }
      liveSockets.set(key, (liveSockets.get(key) ?? 0) + 1);
      const pendingClose = closing.get(key);
      if (pendingClose) {
        // Back within the grace period (a reload): the tuple never closed, watchers saw nothing.
        clearTimeout(pendingClose);
        closing.delete(key);
        if (entry.doc.devices.some((existing) => existing.id === deviceId)) return deviceId;
      }
      const tuple = { id: deviceId, label: device.label, idle: false, since: now() };
      await cluster.saveDevice(user.id, tuple);
      entry.doc.devices.push(tuple);
      bump(entry.doc);
      if (entry.doc.statusExpiresAt !== null) scheduleExpiry(entry);
      changed(entry);
      return deviceId;
    },

    /** A device's socket closed: its tuple closes after the grace period unless it comes back. */
    disconnectDevice(userId: string, deviceId: string) {
      const key = deviceKey(userId, deviceId);
      const sockets = (liveSockets.get(key) ?? 1) - 1;
      if (sockets > 0) {
        liveSockets.set(key, sockets);
        return;
      }
      liveSockets.delete(key);
      clearTimeout(closing.get(key));
      const timer = setTimeout(() => {
        closing.delete(key);
        void closeDevice(userId, deviceId);
      }, deps.graceMs);
      timer.unref();
      closing.set(key, timer);
    },

    async setIdle(userId: string, deviceId: string, idle: boolean) {
      const entry = await requireEntry(userId);
      const device = entry.doc.devices.find((candidate) => candidate.id === deviceId);
      if (!device || device.idle === idle) return;
      // Stored first, then changed and published in one step: a view rendered in between
      // would otherwise take the new content under the old version, and watchers would miss it.
      const since = now();
      await cluster.saveDevice(userId, { ...device, idle, since });
      Object.assign(device, { idle, since });
      bump(entry.doc);
      changed(entry);
    },

    async setStatus(user: SessionUser, input: z.output<typeof setStatusSchema>): Promise<PresenceView> {
      const expiresAt = input.expiresAt?.getTime() ?? null;
      if (expiresAt !== null && (expiresAt <= now() || expiresAt - now() > STATUS_MAX_DURATION_MS)) {
        throw new ServiceError(ErrorCode.invalid_payload, "Choose an expiry in the future, within a year.", {
          issues: [{ path: "expiresAt", message: "Choose a time in the future, within a year." }],
        });
      }
      const entry = await requireEntry(user.id);
      const status = { availability: input.availability, note: input.note, statusExpiresAt: expiresAt };
      await store.saveStatus(user.id, {
        ...status,
        statusExpiresAt: expiresAt === null ? null : new Date(expiresAt),
        version: nextVersion(entry.doc.version, now()),
      });
      Object.assign(entry.doc, status, { updatedAt: now() });
      bump(entry.doc);
      scheduleExpiry(entry);
      changed(entry);
      return selfView(entry);
    },

    clearStatus(user: SessionUser): Promise<PresenceView> {
      return this.setStatus(user, { availability: "available", note: null, expiresAt: null });
    },

    async setUserTuples(user: SessionUser, input: z.output<typeof setUserTuplesSchema>): Promise<PresenceView> {
      const entry = await requireEntry(user.id);
      const known = new Set(entry.doc.userTuples.map((tuple) => tuple.id));
      // Ids the client sends are kept only if they are this person's tuples; others are new.
      const tuples = input.tuples.map(({ id, ...tuple }) => ({ ...tuple, id: id && known.has(id) ? id : undefined }));
      const ids = await store.saveUserTuples(user.id, nextVersion(entry.doc.version, now()), tuples);
      entry.doc.userTuples = tuples.map((tuple, index) => ({ ...tuple, id: ids[index]! }));
      entry.doc.updatedAt = now();
      bump(entry.doc);
      changed(entry);
      return selfView(entry);
    },

    /** The account's display name changed; views carry it. */
    profileChanged(userId: string, displayName: string) {
      const entry = state.peek(userId);
      if (!entry || entry.doc.displayName === displayName) return;
      entry.doc.displayName = displayName;
      bump(entry.doc);
      changed(entry);
    },

    /**
     * A subscription became active, waiting, or ended: the fan-out index follows, everywhere,
     * and the watcher hears its new view (an approved request sees more).
     */
    setHolder(presentityId: string, watcherId: string, holding: Holding) {
      const entry = state.setHolder(presentityId, watcherId, holding);
      if (entry) publish(entry);
      cluster.broadcast({ type: "subscriber", presentityId, watcherId, holding });
    },

    /**
     * A tab follows a presentity it does not hold (a conversation with a non-contact): it is
     * told of changes like a holder until it unfollows or closes. Answers like a fetch.
     */
    async follow(watcher: Watcher, username: string): Promise<PresenceView> {
      const view = await this.fetch(watcher, username);
      const entry = state.peek((await state.idOf(username))!);
      if (entry) entry.followers.set(watcher.id, (entry.followers.get(watcher.id) ?? 0) + 1);
      return view;
    },

    /** A tab stopped following (or closed): the last one of the account ends the follow. */
    async unfollow(watcher: Watcher, username: string): Promise<void> {
      const presentityId = await state.idOf(username);
      const entry = presentityId ? state.peek(presentityId) : undefined;
      const count = entry?.followers.get(watcher.id);
      if (!entry || count === undefined) return;
      if (count > 1) entry.followers.set(watcher.id, count - 1);
      else entry.followers.delete(watcher.id);
    },

    /**
     * Whether the presentity looks offline to the watcher whatever it does (polite-block,
     * invisible, blocked): receipts and typing notices must not say otherwise.
     */
    async hiddenFrom(presentityId: string, watcherId: string): Promise<boolean> {
      const entry = await state.get(presentityId);
      if (!entry) return true;
      await state.loadVisibility([watcherId]);
      // Tracked, not only decided: its opening later reaches onViewsOpened (held receipts are
      // released then). The watcher is given nothing, so its view and version stay.
      const hidden = hides(trackHidden(entry, watcherId, null));
      flushOpened(entry);
      return hidden;
    },

    /** Whether any device of the account is open (anywhere in the service). */
    isOnline(userId: string): boolean {
      return (state.peek(userId)?.doc.devices.length ?? 0) > 0;
    },

    /** These accounts' buddy lists changed shape: the other instances send their tabs snapshots. */
    buddyListsChanged(userIds: string[]) {
      cluster.broadcast({ type: "buddy-lists", userIds });
    },

    /** Called with the accounts whose buddy lists another instance changed. */
    onBuddyListsChanged(listener: (userIds: string[]) => Promise<void>) {
      buddyListListeners.push(listener);
    },

    /** Called with the watchers whose view of a presentity stopped being hidden. */
    onViewsOpened(listener: (presentityId: string, watcherIds: string[]) => void) {
      openedListeners.push(listener);
    },

    /** The presentity's rules or invisible mode changed (`apply` changes them in memory). */
    async policyChanged(entry: PresentityEntry, apply: () => void) {
      await decisionsChange(entry, apply);
      cluster.broadcast({ type: "policy", userId: entry.doc.userId });
    },

    /** The presentity's contacts or groups changed (they are subjects of its rules). */
    async contactsChanged(ownerId: string) {
      const entry = state.peek(ownerId);
      if (entry) await decisionsChange(entry, async () => void (await state.reloadContacts(ownerId)));
      cluster.broadcast({ type: "contacts", userId: ownerId });
    },

    /** An account was deleted: it is gone from every instance's memory. */
    accountDeleted(userId: string) {
      state.forget(userId);
      cluster.broadcast({ type: "deleted", userId });
    },

    /** Devices (tabs, API clients) connected now, across the service. */
    async connectedClients(): Promise<number> {
      const shared = cluster.deviceCount();
      if (shared) return shared;
      let count = 0;
      for (const entry of state.all()) count += entry.doc.devices.length;
      return count;
    },

    /** A watcher's visibility rules changed: rules about hidden watchers may now decide differently. */
    async visibilityChanged(watcherId: string) {
      await reloadVisibility(watcherId);
      cluster.broadcast({ type: "visibility", watcherId });
    },

    /** A FETCHER asks once for a presentity's presence. Unknown and blocked look the same. */
    async fetch(
      watcher: Watcher,
      username: string,
      options: { kind?: "fetch" | "poll"; tokenId?: string | null } = {},
    ): Promise<PresenceView> {
      const kind = options.kind ?? "fetch";
      const presentityId = await deps.known.idOf(watcher, username, { tokenId: options.tokenId });
      const entry = presentityId ? await state.get(presentityId) : null;
      if (entry) await state.loadVisibility([watcher.id]);
      const view = entry ? lookupView(entry, watcher.id, options.tokenId ?? null) : null;
      if (!entry || !view) throw new ServiceError(ErrorCode.not_found, "There is no account with that name.");
      watchLog.record({ presentityId: entry.doc.userId, watcherId: watcher.id, kind, at: new Date(now()) });
      return view;
    },

    /**
     * Graceful shutdown: this instance's devices close now (watchers hear it, last seen is
     * written), then timers stop and pending watch records are written.
     */
    async close() {
      sweeps.forEach(clearInterval);
      expiryTimers.forEach(clearTimeout);
      closing.forEach(clearTimeout);
      const local = [...new Set([...liveSockets.keys(), ...closing.keys()])];
      liveSockets.clear();
      closing.clear();
      await Promise.all(local.map((key) => closeDevice(...(key.split("/") as [string, string]))));
      flushCoalesced();
      await watchLog.close();
    },
  };

  async function closeDevice(userId: string, deviceId: string) {
    try {
      const entry = await state.get(userId);
      await cluster.removeDevice(userId, deviceId);
      if (!entry) return;
      // Stored before the document changes (see setIdle): the last device out leaves "last seen".
      const at = now();
      const last = entry.doc.devices.length === 1 && entry.doc.devices[0]!.id === deviceId;
      if (last) await store.saveLastSeen(userId, new Date(at), nextVersion(entry.doc.version, at));
      const index = entry.doc.devices.findIndex((device) => device.id === deviceId);
      if (index < 0) return;
      entry.doc.devices.splice(index, 1);
      if (entry.doc.devices.length === 0) entry.doc.lastSeenAt = at;
      bump(entry.doc);
      changed(entry);
    } catch (error) {
      logger.error({ err: error, userId }, "closing a device failed");
    }
  }

  async function reloadVisibility(watcherId: string) {
    state.forgetVisibility(watcherId);
    await state.loadVisibility([watcherId]);
    for (const entry of state.all()) {
      if (!entry.watchers.has(watcherId)) continue;
      entry.watchers.clearDecision(watcherId);
      publish(entry, true);
    }
  }

  /** Changes another instance made: keep this instance's working set in step. */
  async function onClusterMessage(message: ClusterMessage) {
    switch (message.type) {
      case "doc": {
        const entry = state.peek(message.userId);
        // Document versions grow with time, so the newer document wins when two instances race.
        if (!entry || message.doc.version <= entry.doc.version) return;
        entry.doc = message.doc;
        scheduleExpiry(entry);
        // Each instance tells the watchers connected to it, from the views it gave them.
        publish(entry);
        return;
      }
      case "policy": {
        const entry = state.peek(message.userId);
        if (entry) await decisionsChange(entry, () => state.reloadPolicy(message.userId));
        return;
      }
      case "contacts": {
        const entry = state.peek(message.userId);
        if (entry) await decisionsChange(entry, async () => void (await state.reloadContacts(message.userId)));
        return;
      }
      case "subscriber": {
        const entry = state.setHolder(message.presentityId, message.watcherId, message.holding);
        if (entry) publish(entry);
        return;
      }
      case "buddy-lists":
        for (const listener of buddyListListeners) await listener(message.userIds);
        return;
      case "deleted":
        state.forget(message.userId);
        return;
      case "visibility":
        await reloadVisibility(message.watcherId);
        return;
    }
  }
}
export type PresenceService = ReturnType<typeof createPresenceService>;
