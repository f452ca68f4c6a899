// "Block = you do not exist": every service path that takes a username from its caller
// turns it into an account here, as the caller may know it. An account that blocks the
// caller is, to the caller, a name that never existed — unless the caller already holds it
// in its own buddy list (then it stays there, offline for good, and may be named).
// Blocked and missing must also take the same time: both are answered from memory (the
// state caches missing names as well as present ones).
import type { PresenceState, PresentityEntry } from "./presence-state";

/**
 * Whether a caller may learn that an account exists: it does not block the caller, or the
 * caller already knows it — it is in the caller's buddy list, or it watches the caller (it
 * shows in the caller's watcher information, and the caller may block it back).
 */
export function mayKnow(facts: { blocksCaller: boolean; inCallersBuddyList: boolean; watchesCaller?: boolean }): boolean {
  return !facts.blocksCaller || facts.inCallersBuddyList || facts.watchesCaller === true;
}

export function createKnownAccounts(deps: {
  state: Pick<PresenceState, "idOf" | "getMany" | "loadVisibility">;
  /** Whether the presentity's rules block the watcher (the presence service's cached decision). */
  blocks: (entry: PresentityEntry, watcherId: string, tokenId?: string | null) => boolean;
}) {
  const { state } = deps;

  /** Of these accounts, those the caller may know; deleted accounts are not among them. */
  async function knownAmong(callerId: string, ids: Iterable<string>, tokenId: string | null = null): Promise<Set<string>> {
    const wanted = [...new Set(ids)];
    const known = new Set<string>();
    if (wanted.length === 0) return known;
    const entries = await state.getMany([callerId, ...wanted]);
    // Rules about hidden watchers look at the caller's visibility rules.
    await state.loadVisibility([callerId]);
    const own = entries.get(callerId);
    for (const id of wanted) {
      const entry = entries.get(id);
      if (!entry) continue;
      // Asked of the caller's own entry too: a presentity's rules always let it see itself.
      const blocksCaller = deps.blocks(entry, callerId, tokenId);
      const watchesCaller = own !== undefined && own.relations.holds(id);
      // A tab following it (a conversation open since before the block) already shows it.
      const inCallersBuddyList = (own?.relations.isContact(id) ?? false) || entry.relations.follows(callerId);
      if (mayKnow({ blocksCaller, inCallersBuddyList, watchesCaller })) known.add(id);
    }
    return known;
  }

  return {
    knownAmong,

    /**
     * The account of a name, blocked or not, for paths that only reach the caller's own inbox
     * (history, reads, its own conversations): what the caller already has stays its own, and
     * a name it never wrote with answers "no conversation" whether missing or blocking.
     */
    inboxPeerId(username: string): Promise<string | null> {
      return state.idOf(username);
    },

    /**
     * The account a caller names, or null exactly when a name that never existed would give
     * null. The caller's own name gives its own id (each path says what that means).
     */
    async idOf(caller: { id: string }, username: string, options: { tokenId?: string | null } = {}): Promise<string | null> {
      const id = await state.idOf(username);
      if (id === caller.id) return id;
      // A name that never existed takes a blocker's steps (entries, visibility, a decision),
      // with the caller's own entry standing in, so that the time of the answer tells nothing.
      const known = await knownAmong(caller.id, [id ?? caller.id], options.tokenId ?? null);
      return id !== null && known.has(id) ? id : null;
    },
  };
}
export type KnownAccounts = ReturnType<typeof createKnownAccounts>;
