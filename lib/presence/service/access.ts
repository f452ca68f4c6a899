// Access and views, per watcher: the facts access rules look at, the decision (cached in the
// watcher's record until rules, contacts or visibility change), and the view each caller is
// given — every view goes through evaluateAccess(). It also notes when a watcher's view turns
// hidden and tells onViewsOpened when it opens again, without giving that watcher anything.
import type { PresenceView } from "@/lib/protocol/presence";
import type { PresenceNotifier } from "../notifier";
import type { PresenceState, PresentityEntry } from "../presence-state";
import { type AccessDecision, evaluateAccess, forSubscriber, type WatcherFacts } from "../rules/evaluate-access";
import { versioned } from "../watcher-views";
import { inAudience, shows } from "./audience";

/** Whether a decision gives the watcher a hidden view (offline, or as if the account did not exist). */
export const hides = (decision: AccessDecision): boolean => decision.action === "polite-block" || decision.action === "block";

/** A token's requests are a watcher of their own: its rules may differ from the session's. */
export const recordId = (watcherId: string, tokenId: string | null): string =>
  tokenId === null ? watcherId : `${watcherId}#${tokenId}`;

export function createAccess(deps: {
  state: Pick<PresenceState, "get" | "isHidden" | "loadVisibility">;
  notifier: Pick<PresenceNotifier, "presenceChanged">;
  now: () => number;
}) {
  const { state, notifier, now } = deps;

  /** The facts about a watcher that access rules look at, all from memory. */
  function factsFor(entry: PresentityEntry, watcherId: string, tokenId: string | null = null): WatcherFacts {
    const contact = entry.relations.contact(watcherId);
    return {
      watcherId,
      tokenId,
      isContact: contact !== undefined,
      groupIds: contact?.groupIds ?? [],
      hidden: state.isHidden(watcherId, entry.doc.userId),
      subscription: entry.relations.holding(watcherId) === "active" ? "active" : null,
    };
  }

  /** The decision for a watcher, cached in its record until rules, contacts or visibility change. */
  function decide(entry: PresentityEntry, watcherId: string, tokenId: string | null = null): AccessDecision {
    const record = entry.watchers.record(recordId(watcherId, tokenId));
    record.decision ??= evaluateAccess(entry.policy, factsFor(entry, watcherId, tokenId));
    return record.decision;
  }

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
  function answer(entry: PresentityEntry, watcherId: string, tokenId: string | null, exceptConnection?: string) {
    const result = resolve(entry, watcherId, tokenId);
    const view = versioned(result.rendered, result.version);
    if (result.changed && tokenId === null && inAudience(entry, watcherId)) notifier.presenceChanged([watcherId], view, exceptConnection);
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

  /**
   * What a watcher's buddy list shows for a contact: a blocked holder sees it offline for good.
   * `exceptConnection`: the tab whose snapshot this view goes into is not told it separately.
   */
  function contactView(entry: PresentityEntry, watcherId: string, exceptConnection?: string): PresenceView {
    return answer(entry, watcherId, null, exceptConnection).view;
  }

  /** Your own presence, as your tabs show it. */
  function selfView(entry: PresentityEntry, exceptConnection?: string): PresenceView {
    return contactView(entry, entry.doc.userId, exceptConnection);
  }

  return {
    factsFor,
    decide,
    trackHidden,
    resolve,
    flushOpened,
    lookupView,
    contactView,
    selfView,

    /** Whether the presentity's rules block the watcher (it must look as if it did not exist). */
    blocks(entry: PresentityEntry, watcherId: string, tokenId: string | null = null): boolean {
      return decide(entry, watcherId, tokenId).action === "block";
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

    /** Called with the watchers whose view of a presentity stopped being hidden. */
    onViewsOpened(listener: (presentityId: string, watcherIds: string[]) => void) {
      openedListeners.push(listener);
    },
  };
}
export type Access = ReturnType<typeof createAccess>;
