// The reference model of issue 13's privacy contract (see /work/spec-13.md and docs/protocol.md).
// PURE and written from the contract, not from the service: it imports no code from
// lib/presence or lib/im, only protocol types. It holds 3–5 accounts and computes, for every
// watcher W and presentity P, the view W must get (or `not_found`), the answer every command
// must get, and the status each sent message must show to its sender.
//
// Times the model cannot know (last seen, the moment a view turned hidden) are SYMBOLS
// ("@seen:2:1", "@switch:0>2:0"); the driver binds each symbol to the first time string it sees
// and then requires the same string everywhere, and a time inside the step that made it.
// Device tuples and user tuples are named by keys ("d3", "t0"); the driver maps server ids to them.
//
// Assumptions where the contract leaves a choice (reported with the test):
//  A1 "contacts" (rules subject, delivery rules) = P's buddy list = P's subscriptions that are
//     pending, active or denied (a denied request stays in the requester's list as pending).
//  A2 subscription:remove ends pending, active and denied subscriptions, both ways.
//  A3 a frozen (hidden) view keeps the `access` of the view it froze.
//  A4 a watcher is "given" a view (its per-(P, W) record moves) when it is notified — P itself,
//     and everyone with P in its list — or when it fetches (the driver fetches every pair from
//     every account with an open socket after every step).
//  A5 privacy:set-rules replaces the stored list with the one sent, except that rules the page
//     could not show (about accounts that block the owner) stay where they were; quick-rule
//     keeps the others.
//  A7 "block = you do not exist" spares what the caller already knows: P in its list, or P
//     watching it (P may be named, to block it back); and paths that only reach the caller's own
//     inbox (im:history, im:read, im:respond-request) answer from the caller's conversations.
//  A6 a message request that becomes a conversation because its sender became a contact: receipts
//     flow for later messages; the messages that came as a request stay "sent" until the owner
//     writes back or reads them, or a device of the owner connects and catches up (A6', issue 18:
//     the service confirms what a catching-up tab finds once receipts flow).
import type { AccessRuleAction } from "@/lib/protocol/privacy";
import type { AcceptFrom } from "@/lib/protocol/im";
import type { Availability } from "@/lib/protocol/presence";
import { GroupModel, type GroupStep } from "./group-model";

export type TupleKey = "t0" | "t1";
export const USER_TUPLES: Record<TupleKey, { means: "tel" | "mailto"; address: string; label: string | null; contact: string }> = {
  t0: { means: "tel", address: "+1 555 0100", label: "Mobile", contact: "tel:+15550100" },
  t1: { means: "mailto", address: "me@example.org", label: null, contact: "mailto:me@example.org" },
};

export type ModelSubject =
  | { type: "user"; who: number }
  | { type: "group"; group: number }
  | { type: "contacts" }
  | { type: "signed-in" }
  | { type: "hidden-watchers" };
export type ModelRule = { subject: ModelSubject; action: AccessRuleAction; hiddenTuples: TupleKey[]; hideLastSeen: boolean };
export type Visibility = "visible" | "hidden";
export type SubState = "pending" | "active" | "denied" | "ended";
export type Expiry = "none" | "far" | "short";

/** One step of a sequence. `a` acts (it needs an open socket); `s` picks one of its sockets. */
export type Step =
  | { t: "connect"; a: number }
  | { t: "disconnect"; a: number; s: number }
  | { t: "idle"; a: number; s: number; idle: boolean }
  | { t: "status"; a: number; availability: Availability; note: string | null; expires: Expiry }
  | { t: "clear-status"; a: number }
  | { t: "tuples"; a: number; tuples: { key: TupleKey; status: "open" | "closed" }[] }
  | { t: "request"; a: number; b: number }
  | { t: "respond"; a: number; b: number; approve: boolean }
  | { t: "remove"; a: number; b: number }
  | { t: "group-create"; a: number }
  | { t: "set-groups"; a: number; b: number; groups: number[] }
  | { t: "set-rules"; a: number; rules: ModelRule[] }
  | { t: "quick-rule"; a: number; b: number; action: "allow" | "limited" | "polite-block" | "block" }
  | { t: "invisible"; a: number; on: boolean }
  | { t: "visibility"; a: number; b: number | null; v: Visibility | "default" }
  | { t: "send"; a: number; b: number }
  | { t: "respond-request"; a: number; b: number; action: "accept" | "decline" | "block" }
  | { t: "read"; a: number; b: number }
  | { t: "typing"; a: number; b: number }
  | { t: "follow"; a: number; s: number; b: number }
  | { t: "unfollow"; a: number; s: number; b: number }
  | { t: "inbox"; a: number; acceptFrom?: AcceptFrom; readReceipts?: boolean }
  | GroupStep;

export type ModelTuple = {
  ref: string;
  kind: "device" | "user";
  status: "open" | "closed";
  contact: string;
  means: string;
  address?: string;
  label: string | null;
  availability?: Availability;
  idle?: boolean;
};
export type ModelView = {
  username: string;
  displayName: string;
  access: "full" | "limited";
  status: {
    basic: "open" | "closed";
    availability: Availability | null;
    note: string | null;
    expiresAt: string | null;
    lastSeenAt: string | null; // a symbol
  };
  tuples: ModelTuple[];
};
export type Kind = "self" | "full" | "limited" | "hidden" | "not_found";

/** What a command must answer: ok (with some fields), an error, or exactly a missing name's answer. */
export type Expect =
  | { kind: "ok"; data?: Record<string, unknown> }
  | { kind: "missing" }
  | { kind: "error"; code: string; message?: string };

type Device = { key: string; idle: boolean };
type Account = {
  name: string;
  availability: Availability;
  note: string | null;
  expiresAt: string | null;
  userTuples: { key: TupleKey; status: "open" | "closed" }[];
  devices: Device[];
  /**
   * Devices that stay for the whole sequence and that no step names (an XMPP watcher's bound
   * resource): they count in the presence, but `disconnect`, `idle` and `follow` index only `devices`.
   */
  pinned: Device[];
  lastSeen: string | null;
  groups: number;
  members: Set<number>[];
  rules: ModelRule[] | null;
  invisible: boolean;
  visibilityAll: Visibility;
  visibilityPer: Map<number, Visibility>;
  acceptFrom: AcceptFrom;
  readReceipts: boolean;
};
type Conversation = { state: "accepted" | "request" | "declined"; revealed: boolean; readCount: number };
/**
 * A message as its sender sees it. `request`: it arrived as a message request and stays held
 * until the owner writes back or reads it once receipts flow (A6).
 */
export type ModelMessage = { from: number; to: number; key: string; forRecipient: boolean; request: boolean; shown: boolean; read: boolean };
type Given = { view: ModelView; hidden: boolean; lastSeenHidden: boolean };
type Decision = { action: "allow" | "limited" | "polite-block" | "block"; hiddenTuples: TupleKey[]; hideLastSeen: boolean };

const DEFAULTS: ModelRule[] = [
  { subject: { type: "contacts" }, action: "allow", hiddenTuples: [], hideLastSeen: false },
  { subject: { type: "signed-in" }, action: "confirm", hiddenTuples: [], hideLastSeen: false },
];
const RANK: Record<Availability, number> = { available: 0, away: 1, busy: 2 };
const pair = (a: number, b: number) => `${a}>${b}`;

export class PresenceModel {
  readonly accounts: Account[];
  readonly subs = new Map<string, SubState>();
  readonly conversations = new Map<string, Conversation>();
  readonly messages: ModelMessage[] = [];
  /** Sockets (by device key) following presentities with presence:fetch { follow: true }. */
  readonly follows = new Map<string, Set<number>>();
  /** What each watcher was last given of each presentity (A4). */
  private readonly given = new Map<string, Given>();
  private readonly switches = new Map<string, number>();
  /** Step at which each pair's current run of hidden views began. */
  private readonly hiddenSince = new Map<string, number>();
  /** Symbol → the steps its time must fall within. */
  readonly symbolSteps = new Map<string, { from: number; to: number }>();
  private seen = 0;
  private devices = 0;
  step = 0;
  /** Group conversations (group-model.ts), on these accounts' rules and settings. */
  readonly chats: GroupModel;

  constructor(names: string[]) {
    this.accounts = names.map((name) => ({
      name,
      availability: "available",
      note: null,
      expiresAt: null,
      userTuples: [],
      devices: [],
      pinned: [],
      lastSeen: null,
      groups: 0,
      members: [],
      rules: null,
      invisible: false,
      visibilityAll: "visible",
      visibilityPer: new Map(),
      acceptFrom: "everyone",
      readReceipts: true,
    }));
    this.chats = new GroupModel({
      size: this.accounts.length,
      accounts: this.accounts,
      blocks: (x, y) => x !== y && this.ruleDecision(x, y).action === "block",
      inList: (x, y) => this.inList(x, y),
      missing: (x, y) => this.missing(x, y),
      online: (a) => this.online(a),
      open: (w, p) => ["full", "limited"].includes(this.kind(w, p)),
      block: (x, y) => void this.apply({ t: "quick-rule", a: x, b: y, action: "block" }),
    });
  }

  get size() {
    return this.accounts.length;
  }

  // --- Relations ----------------------------------------------------------------------------

  sub(watcher: number, presentity: number): SubState | null {
    return this.subs.get(pair(watcher, presentity)) ?? null;
  }
  /** P is in W's buddy list (A1). */
  inList(w: number, p: number): boolean {
    const state = this.sub(w, p);
    return state === "pending" || state === "active" || state === "denied";
  }
  /** A device no step names connects for the rest of the sequence (see Account.pinned). */
  pin(a: number, key: string): void {
    this.accounts[a]!.pinned.push({ key, idle: false });
  }
  /** Any device is connected, pinned ones included: the presentity is open. */
  present(a: number): boolean {
    return this.online(a) || this.accounts[a]!.pinned.length > 0;
  }
  /** A device a step can act from is connected. */
  online(a: number): boolean {
    return this.accounts[a]!.devices.length > 0;
  }
  openSockets(a: number): string[] {
    return this.accounts[a]!.devices.map((device) => device.key);
  }
  groupsOf(owner: number, member: number): number[] {
    return this.accounts[owner]!.members.flatMap((set, index) => (set.has(member) ? [index] : []));
  }

  /** The first of P's rules whose subject matches W (the default "signed-in: confirm" when none does). */
  matchingRule(p: number, w: number): ModelRule {
    const owner = this.accounts[p]!;
    const contact = this.inList(p, w);
    const groups = contact ? this.groupsOf(p, w) : [];
    const watcher = this.accounts[w]!;
    const hides = (watcher.visibilityPer.get(p) ?? watcher.visibilityAll) === "hidden";
    const matches = (subject: ModelSubject) => {
      switch (subject.type) {
        case "user":
          return subject.who === w;
        case "group":
          return groups.includes(subject.group);
        case "contacts":
          return contact;
        case "signed-in":
          return true;
        case "hidden-watchers":
          return hides;
      }
    };
    return (owner.rules ?? DEFAULTS).find((rule) => matches(rule.subject)) ?? DEFAULTS[1]!;
  }

  /**
   * P's request waits for W and W is asked about it (W's buddy list shows it): W's rules say
   * confirm. A request they hold silently (polite-block) is pending too, but W is never told.
   */
  askedAbout(w: number, p: number): boolean {
    return this.sub(p, w) === "pending" && this.matchingRule(w, p).action === "confirm";
  }

  /** P's rules for W, before invisible mode. */
  ruleDecision(p: number, w: number): Decision {
    const rule = this.matchingRule(p, w);
    const plain = { hiddenTuples: [], hideLastSeen: false };
    switch (rule.action) {
      case "allow":
        return { action: "allow", hiddenTuples: rule.hiddenTuples, hideLastSeen: rule.hideLastSeen };
      case "confirm":
        return this.sub(w, p) === "active"
          ? { action: "allow", hiddenTuples: rule.hiddenTuples, hideLastSeen: rule.hideLastSeen }
          : { action: "limited", ...plain };
      default:
        return { action: rule.action, ...plain };
    }
  }
  decision(p: number, w: number): Decision {
    const decided = this.ruleDecision(p, w);
    if (this.accounts[p]!.invisible && decided.action !== "block") return { action: "polite-block", hiddenTuples: [], hideLastSeen: false };
    return decided;
  }
  /**
   * P's rules block `actor`, who does not know P otherwise (P is not in its list, and P does
   * not watch it): P must look like a name that never existed (A7).
   */
  missing(actor: number, named: number): boolean {
    return (
      this.ruleDecision(named, actor).action === "block" &&
      !this.inList(actor, named) &&
      !this.inList(named, actor) &&
      !this.follows_(actor, named)
    );
  }
  kind(w: number, p: number): Kind {
    if (w === p) return "self";
    const decided = this.decision(p, w);
    switch (decided.action) {
      case "block":
        return this.inList(w, p) || this.follows_(w, p) ? "hidden" : "not_found";
      case "polite-block":
        return "hidden";
      case "limited":
        return "limited";
      case "allow":
        return "full";
    }
  }

  // --- Views --------------------------------------------------------------------------------

  private identity(p: number) {
    return { username: this.accounts[p]!.name, displayName: this.accounts[p]!.name };
  }

  private full(p: number, decided: Pick<Decision, "hiddenTuples" | "hideLastSeen">): ModelView {
    const account = this.accounts[p]!;
    const deviceAvailability = (device: Device): Availability =>
      device.idle && account.availability === "available" ? "away" : account.availability;
    // Pinned devices connected first, so the presentity's tuples list them first.
    const devices = [...account.pinned, ...account.devices];
    const open = devices.length > 0;
    let best: Availability | null = null;
    for (const device of devices) {
      const availability = deviceAvailability(device);
      if (best === null || RANK[availability] < RANK[best]) best = availability;
    }
    return {
      ...this.identity(p),
      access: "full",
      status: {
        basic: open ? "open" : "closed",
        availability: best,
        note: account.note,
        expiresAt: account.expiresAt,
        lastSeenAt: open || decided.hideLastSeen ? null : account.lastSeen,
      },
      tuples: [
        ...devices.map(
          (device): ModelTuple => ({
            ref: device.key,
            kind: "device",
            status: "open",
            contact: `im:${account.name}`,
            means: "im",
            label: device.key,
            availability: deviceAvailability(device),
            idle: device.idle,
          }),
        ),
        ...account.userTuples
          .filter((tuple) => !decided.hiddenTuples.includes(tuple.key))
          .map(
            (tuple): ModelTuple => ({
              ref: tuple.key,
              kind: "user",
              status: tuple.status,
              contact: USER_TUPLES[tuple.key].contact,
              means: USER_TUPLES[tuple.key].means,
              address: USER_TUPLES[tuple.key].address,
              label: USER_TUPLES[tuple.key].label,
            }),
          ),
      ],
    };
  }

  /** The view W must get of P now, or not_found. Does not change the model. */
  view(w: number, p: number): ModelView | "not_found" {
    const kind = this.kind(w, p);
    if (kind === "not_found") return "not_found";
    if (kind === "self") return this.full(p, { hiddenTuples: [], hideLastSeen: false });
    if (kind === "limited") {
      return {
        ...this.identity(p),
        access: "limited",
        status: { basic: this.present(p) ? "open" : "closed", availability: null, note: null, expiresAt: null, lastSeenAt: null },
        tuples: [],
      };
    }
    if (kind === "full") return this.full(p, this.decision(p, w));
    // Hidden: exactly like a contact who went offline when the view turned hidden.
    const last = this.given.get(pair(w, p));
    if (!last) {
      return {
        ...this.identity(p),
        access: "full",
        status: { basic: "closed", availability: null, note: null, expiresAt: null, lastSeenAt: null },
        tuples: [],
      };
    }
    if (last.hidden) return { ...last.view, ...this.identity(p) };
    const wasOpen = last.view.status.basic === "open";
    return {
      ...last.view,
      ...this.identity(p),
      status: {
        ...last.view.status,
        basic: "closed",
        availability: null,
        lastSeenAt: wasOpen ? (last.lastSeenHidden ? null : this.switchSymbol(w, p)) : last.view.status.lastSeenAt,
      },
      tuples: last.view.tuples.filter((tuple) => tuple.kind !== "device"),
    };
  }

  private switchSymbol(w: number, p: number) {
    return `@switch:${pair(w, p)}:${this.switches.get(pair(w, p)) ?? 0}`;
  }

  /** Whether W is given P's view when it changes, without asking (A4). */
  notified(w: number, p: number): boolean {
    return w === p || this.inList(w, p) || this.follows_(w, p);
  }
  /** One of W's sockets follows P. */
  follows_(w: number, p: number): boolean {
    return this.accounts[w]!.devices.some((device) => this.follows.get(device.key)?.has(p) ?? false);
  }

  /**
   * Records what each watcher has now been given. `final`: the end of a step, when the driver
   * has fetched every pair for every account with an open socket.
   */
  commit(final: boolean) {
    for (let w = 0; w < this.size; w += 1) {
      for (let p = 0; p < this.size; p += 1) {
        if (w === p) continue;
        const key = pair(w, p);
        const kind = this.kind(w, p);
        if (kind === "hidden") {
          if (!this.hiddenSince.has(key)) this.hiddenSince.set(key, this.step);
        } else this.hiddenSince.delete(key);
        const given = this.notified(w, p) || (final && this.online(w));
        if (!given || kind === "not_found") continue;
        const view = this.view(w, p) as ModelView;
        const last = this.given.get(key);
        if (kind === "hidden" && last && !last.hidden && view.status.lastSeenAt === this.switchSymbol(w, p)) {
          this.symbolSteps.set(view.status.lastSeenAt, { from: this.hiddenSince.get(key)!, to: this.step });
          this.switches.set(key, (this.switches.get(key) ?? 0) + 1);
        }
        const decided = this.decision(p, w);
        this.given.set(key, {
          view,
          hidden: kind === "hidden",
          lastSeenHidden: kind === "limited" || (kind === "full" && decided.hideLastSeen),
        });
      }
    }
  }

  /** W's buddy list: P → subscription shown, watchesMe, groups. */
  list(w: number) {
    const rows: { p: number; subscription: "pending" | "active"; watchesMe: boolean; groups: number[] }[] = [];
    for (let p = 0; p < this.size; p += 1) {
      if (p === w || !this.inList(w, p)) continue;
      rows.push({
        p,
        subscription: this.sub(w, p) === "active" ? "active" : "pending",
        watchesMe: this.sub(p, w) === "active",
        groups: this.groupsOf(w, p),
      });
    }
    return rows;
  }

  /** What privacy:get shows A: rules and visibility rows naming someone who blocks A vanish. */
  privacy(a: number) {
    const account = this.accounts[a]!;
    const shown = (who: number) => !this.missing(a, who);
    return {
      defaults: account.rules === null,
      invisible: account.invisible,
      rules: (account.rules ?? DEFAULTS).filter((rule) => rule.subject.type !== "user" || shown(rule.subject.who)),
      visibility: {
        all: account.visibilityAll,
        people: [...account.visibilityPer].filter(([who]) => shown(who)),
      },
    };
  }

  // --- Messages -----------------------------------------------------------------------------

  conversation(owner: number, peer: number): Conversation | null {
    return this.conversations.get(pair(owner, peer)) ?? null;
  }
  /** Receipts for S's messages to R may flow: R accepted and wrote back, and S's view of R is open. */
  receiptsFlow(s: number, r: number): boolean {
    const conversation = this.conversation(r, s);
    const kind = this.kind(s, r);
    return conversation?.state === "accepted" && conversation.revealed && (kind === "full" || kind === "limited");
  }
  /** Where a message from S to R lands (the recipient's delivery rules). */
  outcome(s: number, r: number): "missing" | "nobody" | "contacts-only" | "deliver" | "request" | "silent" {
    if (this.ruleDecision(r, s).action === "block") return "missing";
    const recipient = this.accounts[r]!;
    if (recipient.acceptFrom === "nobody") return "nobody";
    if (this.inList(r, s)) return "deliver";
    if (recipient.acceptFrom === "contacts") return "contacts-only";
    switch (this.conversation(r, s)?.state) {
      case "accepted":
        return "deliver";
      case "declined":
        return "silent";
      default:
        return "request";
    }
  }
  /** Typing from A reaches B only where a message would be delivered and B's view of A is open. */
  typingRelayed(a: number, b: number): boolean {
    const kind = this.kind(b, a);
    return this.outcome(a, b) === "deliver" && (kind === "full" || kind === "limited");
  }
  /** The status S sees on one of its messages. */
  messageStatus(message: ModelMessage): "sent" | "delivered" | "read" {
    if (message.read && this.accounts[message.from]!.readReceipts) return "read";
    return message.shown ? "delivered" : "sent";
  }
  private inboxCount(owner: number, peer: number) {
    return this.messages.filter(
      (message) => (message.from === owner && message.to === peer) || (message.from === peer && message.to === owner && message.forRecipient),
    ).length;
  }
  /** Delivered receipts flow wherever they may and the recipient has a device open. */
  private settleReceipts() {
    for (const message of this.messages) {
      if (message.forRecipient && !message.request && !message.shown && this.online(message.to) && this.receiptsFlow(message.from, message.to)) {
        message.shown = true;
      }
    }
  }

  // --- Commands -----------------------------------------------------------------------------

  /** Whether a step can run now (its actor has a socket, and the contract decides its outcome). */
  applicable(step: Step): boolean {
    if (step.a >= this.size || ("b" in step && step.b !== null && (step.b >= this.size || step.b === step.a))) return false;
    if (step.t === "connect") return this.accounts[step.a]!.devices.length < 3;
    if (!this.online(step.a)) return false;
    switch (step.t) {
      case "request": {
        const state = this.sub(step.a, step.b);
        // Re-asking after a denial, or while blocked with P in the list, is left open by the contract.
        if (state === "denied") return false;
        if (this.ruleDecision(step.b, step.a).action === "block" && this.inList(step.a, step.b)) return false;
        return true;
      }
      case "respond":
        return this.sub(step.b, step.a) === "pending" ? !this.missing(step.a, step.b) : true;
      case "set-groups":
        return this.inList(step.a, step.b) || this.missing(step.a, step.b);
      case "send":
        return this.conversation(step.a, step.b)?.state !== "declined";
      case "respond-request":
        return true;
      case "gc-create":
        return this.chats.groups.length < 2 && step.members.length >= 2 && step.members.every((b) => b !== step.a && b < this.size);
      default:
        return !step.t.startsWith("gc-") || ("g" in step && step.g < this.chats.groups.length);
    }
  }

  /** Applies a step; returns what the server must answer. */
  apply(step: Step, context: { expiresAt?: string | null; deviceKey?: string } = {}): Expect {
    if (step.t.startsWith("gc-")) {
      const expected = this.chats.apply(step as GroupStep);
      this.settleReceipts();
      return expected.kind === "missing" ? { kind: "missing" } : expected;
    }
    const a = this.accounts[step.a]!;
    const ok = (data?: Record<string, unknown>): Expect => ({ kind: "ok", data });
    const missing: Expect = { kind: "missing" };
    let result: Expect = ok();
    switch (step.t) {
      case "connect": {
        this.devices += 1;
        a.devices.push({ key: context.deviceKey ?? `d${this.devices}`, idle: false });
        // A6': a tab that catches up confirms what it finds; what came as a request is then
        // delivered too where receipts now flow (the conversation opened since).
        for (const message of this.messages) {
          if (message.to === step.a && message.request && message.forRecipient && this.receiptsFlow(message.from, message.to)) message.request = false;
        }
        this.chats.connected(step.a);
        break;
      }
      case "disconnect": {
        const [gone] = a.devices.splice(step.s % a.devices.length, 1);
        this.follows.delete(gone!.key);
        if (a.devices.length === 0) {
          this.seen += 1;
          a.lastSeen = `@seen:${step.a}:${this.seen}`;
          this.symbolSteps.set(a.lastSeen, { from: this.step, to: this.step });
        }
        break;
      }
      case "idle":
        a.devices[step.s % a.devices.length]!.idle = step.idle;
        break;
      case "status":
        a.availability = step.availability;
        a.note = step.note;
        a.expiresAt = step.expires === "none" ? null : (context.expiresAt ?? null);
        break;
      case "clear-status":
        a.availability = "available";
        a.note = null;
        a.expiresAt = null;
        break;
      case "tuples":
        a.userTuples = step.tuples.map((tuple) => ({ ...tuple }));
        break;
      case "request": {
        if (this.ruleDecision(step.b, step.a).action === "block") return missing;
        const current = this.sub(step.a, step.b);
        if (current === "active") return ok({ state: "active" });
        const handling = this.matchingRule(step.b, step.a).action;
        const next = handling === "allow" || handling === "limited" ? "active" : "pending";
        this.subs.set(pair(step.a, step.b), next);
        result = ok({ state: next });
        break;
      }
      case "respond": {
        if (this.missing(step.a, step.b)) return missing;
        if (this.sub(step.b, step.a) !== "pending") return { kind: "error", code: "not_found" };
        this.subs.set(pair(step.b, step.a), step.approve ? "active" : "denied");
        result = ok({ state: step.approve ? "active" : "denied" });
        break;
      }
      case "remove": {
        if (this.missing(step.a, step.b)) return missing;
        for (const [x, y] of [
          [step.a, step.b],
          [step.b, step.a],
        ] as const) {
          if (this.inList(x, y)) this.subs.set(pair(x, y), "ended");
          this.accounts[x]!.members.forEach((set) => set.delete(y));
        }
        break;
      }
      case "group-create":
        a.groups += 1;
        a.members.push(new Set());
        break;
      case "set-groups": {
        if (this.missing(step.a, step.b)) return missing;
        a.members.forEach((set, index) => (step.groups.includes(index) ? set.add(step.b) : set.delete(step.b)));
        break;
      }
      case "set-rules": {
        if (step.rules.some((rule) => rule.subject.type === "user" && this.missing(step.a, rule.subject.who))) return missing;
        const rules = step.rules.map((rule) => ({ ...rule, hiddenTuples: [...rule.hiddenTuples] }));
        (a.rules ?? []).forEach((rule, index) => {
          if (rule.subject.type === "user" && this.missing(step.a, rule.subject.who)) rules.splice(Math.min(index, rules.length), 0, rule);
        });
        a.rules = rules;
        break;
      }
      case "quick-rule": {
        if (this.missing(step.a, step.b)) return missing;
        const others = (a.rules ?? DEFAULTS).filter((rule) => !(rule.subject.type === "user" && rule.subject.who === step.b));
        a.rules = [{ subject: { type: "user", who: step.b }, action: step.action, hiddenTuples: [], hideLastSeen: false }, ...others];
        break;
      }
      case "invisible":
        a.invisible = step.on;
        break;
      case "visibility": {
        if (step.b === null) {
          a.visibilityAll = step.v === "hidden" ? "hidden" : "visible";
          break;
        }
        if (this.missing(step.a, step.b)) return missing;
        if (step.v === "default") a.visibilityPer.delete(step.b);
        else a.visibilityPer.set(step.b, step.v);
        break;
      }
      case "send": {
        const outcome = this.outcome(step.a, step.b);
        if (outcome === "missing") return missing;
        if (outcome === "nobody" || outcome === "contacts-only") return { kind: "error", code: "forbidden" };
        const own = this.conversation(step.a, step.b);
        if (!own) this.conversations.set(pair(step.a, step.b), { state: "accepted", revealed: true, readCount: 0 });
        else if (own.state === "request" || !own.revealed) {
          // Writing back accepts a request and reveals it: what it held is released.
          Object.assign(own, { state: "accepted", revealed: true });
          for (const message of this.messages) if (message.from === step.b && message.to === step.a) message.request = false;
        }
        const theirs = this.conversation(step.b, step.a);
        if (outcome === "deliver") {
          if (!theirs) this.conversations.set(pair(step.b, step.a), { state: "accepted", revealed: true, readCount: 0 });
          else if (theirs.state !== "accepted") Object.assign(theirs, { state: "accepted", revealed: true }); // A6
        } else if (outcome === "request" && !theirs) {
          this.conversations.set(pair(step.b, step.a), { state: "request", revealed: false, readCount: 0 });
        }
        this.messages.push({
          from: step.a,
          to: step.b,
          key: `m${this.messages.length}`,
          forRecipient: outcome !== "silent",
          request: outcome === "request",
          shown: false,
          read: false,
        });
        result = ok({ status: "sent" });
        break;
      }
      case "respond-request": {
        const conversation = this.conversation(step.a, step.b);
        if (!conversation || conversation.state === "declined") return { kind: "error", code: "not_found" };
        if (conversation.state !== "request") return { kind: "error", code: "not_found" };
        if (step.action === "accept") {
          conversation.state = "accepted";
          break;
        }
        // Blocking from a request adds a quick rule, which a requester who blocks me refuses (A7).
        if (step.action === "block" && this.missing(step.a, step.b)) return { kind: "error", code: "not_found" };
        if (step.action === "block") this.apply({ t: "quick-rule", a: step.a, b: step.b, action: "block" });
        conversation.state = "declined";
        conversation.readCount = 0;
        for (const message of this.messages) {
          if (message.from === step.b && message.to === step.a) message.forRecipient = false;
        }
        break;
      }
      case "read": {
        const conversation = this.conversation(step.a, step.b);
        if (!conversation || conversation.state === "declined") return { kind: "error", code: "not_found" };
        const count = this.inboxCount(step.a, step.b);
        if (count > conversation.readCount) {
          conversation.readCount = count;
          const sender = this.accounts[step.b]!;
          if (this.receiptsFlow(step.b, step.a) && a.readReceipts && sender.readReceipts) {
            for (const message of this.messages) {
              if (message.from === step.b && message.to === step.a && message.forRecipient) message.read = true;
            }
          }
          // What was read was delivered, once receipts flow.
          if (this.receiptsFlow(step.b, step.a)) {
            for (const message of this.messages) {
              if (message.from === step.b && message.to === step.a && message.forRecipient) Object.assign(message, { request: false, shown: true });
            }
          }
        }
        break;
      }
      case "typing":
        break;
      case "follow": {
        if (this.view(step.a, step.b) === "not_found") return missing;
        const key = a.devices[step.s % a.devices.length]!.key;
        this.follows.set(key, (this.follows.get(key) ?? new Set()).add(step.b));
        break;
      }
      case "unfollow": {
        if (this.missing(step.a, step.b)) return missing;
        this.follows.get(a.devices[step.s % a.devices.length]!.key)?.delete(step.b);
        break;
      }
      case "inbox":
        if (step.acceptFrom) a.acceptFrom = step.acceptFrom;
        if (step.readReceipts !== undefined) a.readReceipts = step.readReceipts;
        break;
    }
    this.settleReceipts();
    return result;
  }

  /** A short status expiry fired: availability and note revert. */
  expire(a: number) {
    const account = this.accounts[a]!;
    account.availability = "available";
    account.note = null;
    account.expiresAt = null;
  }

  /** Receipts after a step in which devices may have connected (they catch up and confirm). */
  afterStep() {
    this.settleReceipts();
  }
}
