// Everything one presentity keeps about each other account, in one record per account: whether
// it is a contact (and in which groups), whether it holds the presentity (an active
// subscription, or a request waiting), how many of its tabs follow the presentity, and the
// watcher's cached decision and the view and version it was last given. One map instead of
// five: a presentity with 50 mutual contacts would otherwise hold each of them in a contacts
// map, a subscribers set and a map of views, and most of its memory would be hash tables.
import type { AccessDecision } from "./rules/evaluate-access";
import type { Rendered } from "./watcher-views";

export type Contact = { state: "pending" | "active"; groupIds: readonly string[] };

/** A watcher's hold on a presentity: an active subscription, a request waiting (or denied), or none. */
export type Holding = "active" | "waiting" | null;

// `bits`: the holding in the low two bits, then flags, then the count of following tabs.
const ACTIVE = 1;
const WAITING = 2;
const HOLDING = ACTIVE | WAITING;
/** The watcher has a record: it was given a view or a decision (its version must never go back). */
const VIEWED = 4;
const FROZEN = 8;
const LAST_SEEN_HIDDEN = 16;
const FOLLOW = 32;

/** Few views are hidden at a time: their moment is kept aside rather than a field in every record. */
const hiddenSince = new WeakMap<Relation, number>();

/** One account as seen from one presentity; the watcher's fields mean nothing until VIEWED. */
export class Relation {
  /** In the presentity's buddy list: its subscription and groups; null when not a contact. */
  contact: Contact | null = null;
  bits = 0;
  /** Cached access decision; null once rules, contacts or visibility may have changed it. */
  decision: AccessDecision | null = null;
  /** The content last given (null before the first). */
  seen: Rendered | null = null;
  version = 0;

  /**
   * Since when the watcher's view is hidden (null: it is not). Kept apart from `seen`: a
   * watcher given nothing meanwhile (a past fetcher) freezes at this moment on its next look.
   */
  get hiddenSince(): number | null {
    return hiddenSince.get(this) ?? null;
  }
  set hiddenSince(at: number | null) {
    if (at === null) hiddenSince.delete(this);
    else hiddenSince.set(this, at);
  }

  /** Whether `seen` is a frozen hidden view. */
  get frozen(): boolean {
    return (this.bits & FROZEN) !== 0;
  }
  set frozen(on: boolean) {
    this.bits = on ? this.bits | FROZEN : this.bits & ~FROZEN;
  }

  /** Whether last seen was hidden from the watcher when `seen` was rendered (limited, hideLastSeen). */
  get lastSeenHidden(): boolean {
    return (this.bits & LAST_SEEN_HIDDEN) !== 0;
  }
  set lastSeenHidden(on: boolean) {
    this.bits = on ? this.bits | LAST_SEEN_HIDDEN : this.bits & ~LAST_SEEN_HIDDEN;
  }

  get holding(): Holding {
    const holding = this.bits & HOLDING;
    return holding === ACTIVE ? "active" : holding === WAITING ? "waiting" : null;
  }

  /** Whether nothing is left worth keeping. */
  get empty(): boolean {
    return this.contact === null && this.bits === 0;
  }
}

export class Relations {
  private readonly byId = new Map<string, Relation>();

  private made(id: string): Relation {
    let relation = this.byId.get(id);
    if (!relation) this.byId.set(id, (relation = new Relation()));
    return relation;
  }

  private prune(id: string, relation: Relation) {
    if (relation.empty) this.byId.delete(id);
  }

  // The presentity's buddy list.

  contact(id: string): Contact | undefined {
    return this.byId.get(id)?.contact ?? undefined;
  }

  isContact(id: string): boolean {
    return (this.byId.get(id)?.contact ?? null) !== null;
  }

  *contacts(): Generator<[string, Contact]> {
    for (const [id, relation] of this.byId) if (relation.contact) yield [id, relation.contact];
  }

  *contactIds(): Generator<string> {
    for (const [id, relation] of this.byId) if (relation.contact) yield id;
  }

  /** The buddy list as now stored: contacts not in it are no longer contacts. */
  setContacts(listed: ReadonlyMap<string, Contact>) {
    for (const [id, relation] of this.byId) {
      if (relation.contact && !listed.has(id)) {
        relation.contact = null;
        this.prune(id, relation);
      }
    }
    for (const [id, contact] of listed) this.made(id).contact = contact;
  }

  // Who holds the presentity (active or waiting) and who follows it.

  holding(id: string): Holding {
    return this.byId.get(id)?.holding ?? null;
  }

  /** Holds it in its buddy list: active, or waiting. */
  holds(id: string): boolean {
    return ((this.byId.get(id)?.bits ?? 0) & HOLDING) !== 0;
  }

  /** Its tabs show the presentity: held in its buddy list, or followed. */
  shows(id: string): boolean {
    const bits = this.byId.get(id)?.bits ?? 0;
    return (bits & HOLDING) !== 0 || bits >= FOLLOW;
  }

  setHolding(id: string, holding: Holding) {
    const relation = holding === null ? this.byId.get(id) : this.made(id);
    if (!relation) return;
    relation.bits = (relation.bits & ~HOLDING) | (holding === "active" ? ACTIVE : holding === "waiting" ? WAITING : 0);
    this.prune(id, relation);
  }

  follow(id: string) {
    this.made(id).bits += FOLLOW;
  }

  /** One tab stopped following (the last one ends the follow). */
  unfollow(id: string) {
    const relation = this.byId.get(id);
    if (!relation || relation.bits < FOLLOW) return;
    relation.bits -= FOLLOW;
    this.prune(id, relation);
  }

  /** Whether a tab of the account follows the presentity. */
  follows(id: string): boolean {
    return (this.byId.get(id)?.bits ?? 0) >= FOLLOW;
  }

  /** Accounts whose tabs show the presentity: holders, then followers. */
  *audience(): Generator<string> {
    for (const [id, relation] of this.byId) if ((relation.bits & HOLDING) !== 0 || relation.bits >= FOLLOW) yield id;
  }

  // Watchers' records: a key is a watcher id, or `${watcherId}#${tokenId}` for a token's requests.

  /** The watcher's record, made on first use. */
  record(key: string): Relation {
    const relation = this.made(key);
    relation.bits |= VIEWED;
    return relation;
  }

  hasRecord(key: string): boolean {
    return ((this.byId.get(key)?.bits ?? 0) & VIEWED) !== 0;
  }

  *records(): Generator<[string, Relation]> {
    for (const entry of this.byId) if ((entry[1].bits & VIEWED) !== 0) yield entry;
  }

  /** Forgets a deleted account. */
  forget(id: string) {
    this.byId.delete(id);
  }
}
