// Everything one presentity keeps about each other account, in one record per account: whether
// it is a contact (and in which groups), whether it holds the presentity (an active
// subscription, or a request waiting), and the watcher's cached decision and the view and
// version it was last given; beside them, the tabs following it without holding it. One map
// instead of five: a presentity with 50 mutual contacts would otherwise hold each of them in a
// contacts map, a subscribers set and a map of views, and most of its memory would be hash tables.
import type { AccessDecision } from "./rules/evaluate-access";
import type { Rendered } from "./watcher-views";

export type Contact = { state: "pending" | "active"; groupIds: readonly string[] };

/** A watcher's hold on a presentity: an active subscription, a request waiting (or denied), or none. */
export type Holding = "active" | "waiting" | null;

// `state`: the holding and the flags in its low five bits, the version above them. Arithmetic,
// not bit operations, past the flags: a version stays exact far beyond 32 bits.
const ACTIVE = 1;
const WAITING = 2;
const HOLDING = ACTIVE | WAITING;
/** The watcher has a record: it was given a view or a decision (its version must never go back). */
const VIEWED = 4;
const FROZEN = 8;
const LAST_SEEN_HIDDEN = 16;
const VERSION_UNIT = 32;

/** Few views are hidden at a time: their moment is kept aside rather than a field in every record. */
const hiddenSince = new WeakMap<Relation, number>();

/** One account as seen from one presentity; the watcher's fields mean nothing until it is viewed. */
export class Relation {
  /** In the presentity's buddy list: its subscription and groups; null when not a contact. */
  contact: Contact | null = null;
  private state = 0;
  /** Cached access decision; null once rules, contacts or visibility may have changed it. */
  decision: AccessDecision | null = null;
  /** The content last given (null before the first). */
  seen: Rendered | null = null;

  private has(flag: number): boolean {
    return ((this.state % VERSION_UNIT) & flag) !== 0;
  }
  private set(flag: number, on: boolean) {
    if (this.has(flag) !== on) this.state += on ? flag : -flag;
  }

  /** Grows by one exactly when what this watcher is given changes. */
  get version(): number {
    return Math.floor(this.state / VERSION_UNIT);
  }
  set version(version: number) {
    this.state = (this.state % VERSION_UNIT) + version * VERSION_UNIT;
  }

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
    return this.has(FROZEN);
  }
  set frozen(on: boolean) {
    this.set(FROZEN, on);
  }

  /** Whether last seen was hidden from the watcher when `seen` was rendered (limited, hideLastSeen). */
  get lastSeenHidden(): boolean {
    return this.has(LAST_SEEN_HIDDEN);
  }
  set lastSeenHidden(on: boolean) {
    this.set(LAST_SEEN_HIDDEN, on);
  }

  get holding(): Holding {
    return this.has(ACTIVE) ? "active" : this.has(WAITING) ? "waiting" : null;
  }
  set holding(holding: Holding) {
    this.set(ACTIVE, holding === "active");
    this.set(WAITING, holding === "waiting");
  }

  get holds(): boolean {
    return this.has(HOLDING);
  }

  get viewed(): boolean {
    return this.has(VIEWED);
  }
  view() {
    this.set(VIEWED, true);
  }

  /** Whether nothing is left worth keeping (a viewed record never goes: its version must not). */
  get empty(): boolean {
    return this.contact === null && this.state === 0;
  }
}

export class Relations {
  private readonly byId = new Map<string, Relation>();
  /** Tabs following the presentity without holding it, per account: rare, so made on the first. */
  private following: Map<string, number> | null = null;

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
    return this.contact(id) !== undefined;
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
    return this.byId.get(id)?.holds ?? false;
  }

  /** Its tabs show the presentity: held in its buddy list, or followed. */
  shows(id: string): boolean {
    return this.holds(id) || this.follows(id);
  }

  setHolding(id: string, holding: Holding) {
    const relation = holding === null ? this.byId.get(id) : this.made(id);
    if (!relation) return;
    relation.holding = holding;
    this.prune(id, relation);
  }

  follow(id: string) {
    this.following ??= new Map();
    this.following.set(id, (this.following.get(id) ?? 0) + 1);
  }

  /** One tab stopped following (the last one ends the follow). */
  unfollow(id: string) {
    const count = this.following?.get(id);
    if (count === undefined) return;
    if (count > 1) this.following!.set(id, count - 1);
    else this.following!.delete(id);
  }

  /** Whether a tab of the account follows the presentity. */
  follows(id: string): boolean {
    return this.following?.has(id) ?? false;
  }

  /** Accounts whose tabs show the presentity: holders, then followers. */
  *audience(): Generator<string> {
    for (const [id, relation] of this.byId) if (relation.holds) yield id;
    for (const id of this.following?.keys() ?? []) if (!this.holds(id)) yield id;
  }

  // Watchers' records: a key is a watcher id, or `${watcherId}#${tokenId}` for a token's requests.

  /** The watcher's record, made on first use. */
  record(key: string): Relation {
    const relation = this.made(key);
    relation.view();
    return relation;
  }

  hasRecord(key: string): boolean {
    return this.byId.get(key)?.viewed ?? false;
  }

  *records(): Generator<[string, Relation]> {
    for (const entry of this.byId) if (entry[1].viewed) yield entry;
  }

  /** Forgets a deleted account. */
  forget(id: string) {
    this.byId.delete(id);
    this.following?.delete(id);
  }
}
