// The reference model of group conversations (issue 18), written from the contract
// (/work/prompts/shared-18.md, lib/protocol/groups.ts), not from lib/im/groups: it imports no
// service code. It keeps 0–2 groups of the sequence's accounts, their members (role, state,
// range) and every line written into them, and says what each account must see: its list,
// each group's history (shown, hidden or left out), unread counts, the receipts of its own
// messages, which typing notices may reach it, and the answer every group command must get.
// Who blocks whom, who is whose contact, delivery settings and who is online come from the
// presence model it is part of.
//
// Seqs are the server's (one space for every group of every sequence): the model orders lines
// by ordinals of its own, and the driver maps ids and seqs onto them.
//
// Assumptions where the contract leaves a choice (reported with the test):
//  G1 "X blocks Y" inside a group is X's access rules deciding `block` about Y (as for a
//     one-to-one message: polite-block and invisible hide presence, not messages).
//  G2 create and add are all or nothing: the first person named who may not be added decides
//     the answer; a blocker anywhere in the list makes it the answer for an unknown name.
//     Naming someone who is in the group already (member or invited) changes nothing and is
//     not refused, whatever their rules say now (they are in the member list the adder sees).
//  G3 a message's receipts are counted when asked, from the rows as they are then: `of` is the
//     members (not invited, not declined) whose current range covers it, minus the sender and
//     those the sender blocks now. (The contract's "range at send time" cannot be told from the
//     one range a re-added member's row keeps.) Delivered: deliveredSeq or readSeq reach it;
//     delivered and read show only while the member does not look offline to the sender (its
//     view is full or limited), as one-to-one. Typing likewise reaches only those to whom the
//     typist does not look offline.
//  G4 a client confirms delivery of every group line it gets, as an event while online or by
//     catch-up when it connects; an invited member's confirmations count for nothing.
//  G5 unread counts messages, not system lines.
//  G6 someone who left or was removed keeps the group in its list (state "left") with no
//     members shown; a declined request leaves the list.
//  G7 errors the contract does not name follow docs/protocol.md's conventions: a group the
//     caller is not in is `not_found`; a right the caller lacks is `forbidden`.
import type { AcceptFrom } from "@/lib/protocol/im";
import type { GroupRole } from "@/lib/protocol/groups";

export type GroupStep =
  | { t: "gc-create"; a: number; members: number[] }
  | { t: "gc-add"; a: number; g: number; b: number }
  | { t: "gc-remove"; a: number; g: number; b: number }
  | { t: "gc-admin"; a: number; g: number; b: number; admin: boolean }
  | { t: "gc-leave"; a: number; g: number }
  | { t: "gc-respond"; a: number; g: number; action: "accept" | "decline" | "block" }
  | { t: "gc-send"; a: number; g: number }
  | { t: "gc-typing"; a: number; g: number }
  | { t: "gc-read"; a: number; g: number };

export type MemberState = "member" | "invited" | "left" | "removed" | "declined";
export type GroupMember = {
  state: MemberState;
  role: GroupRole;
  /** Ordinal of the first line it gets, and of the last (null while in). */
  from: number;
  until: number | null;
  /** Ordinal of the line that brought it in (orders members, "oldest"). */
  entered: number;
  addedBy: number;
  delivered: number;
  read: number;
};
export type GroupLine = {
  ord: number;
  kind: "created" | "added" | "joined" | "left" | "removed" | "message";
  actor: number;
  subject?: number;
  /** A message's body, which names it ("c0m3"). */
  key?: string;
};
export type ModelGroup = { members: Map<number, GroupMember>; lines: GroupLine[] };

/** What the group model needs of the presence model. */
export type GroupWorld = {
  size: number;
  accounts: { acceptFrom: AcceptFrom; readReceipts: boolean }[];
  /** X's rules decide `block` about Y (G1). */
  blocks(x: number, y: number): boolean;
  /** Y is in X's buddy list: X's contact. */
  inList(x: number, y: number): boolean;
  /** Y must look missing to X (a blocker X does not know otherwise). */
  missing(x: number, y: number): boolean;
  online(a: number): boolean;
  /** W's view of P is open (full or limited): P does not look offline to W. */
  open(w: number, p: number): boolean;
  /** X blocks Y by a quick rule (what `groupchat:respond` block does). */
  block(x: number, y: number): void;
};

export type GroupExpect =
  | { kind: "ok"; data?: Record<string, unknown> }
  | { kind: "missing"; named: number }
  | { kind: "error"; code: string };

export type LineView = { line: GroupLine; hidden: boolean };
export type Receipt = { member: number; delivered: boolean; read: boolean };
export type SummaryView = {
  state: "member" | "request" | "left";
  role: GroupRole;
  /** Members now, by account, with role and state ([] for someone who left). */
  members: { who: number; role: GroupRole; state: "member" | "invited" }[];
  unread: number;
};

const current = (member: GroupMember | undefined) => member !== undefined && (member.state === "member" || member.state === "invited");

export class GroupModel {
  readonly groups: ModelGroup[] = [];
  private ord = 0;
  private messages = 0;

  constructor(private readonly world: GroupWorld) {}

  /** Messages sent so far (they are named c<group>m<n>). */
  get messageCount() {
    return this.messages;
  }

  private line(group: ModelGroup, line: Omit<GroupLine, "ord">): GroupLine {
    this.ord += 1;
    const made = { ...line, ord: this.ord };
    group.lines.push(made);
    return made;
  }

  /** How adding `b` by `a` ends, under b's delivery rules. */
  addOutcome(a: number, b: number): "missing" | "nobody" | "contacts-only" | "member" | "invited" {
    if (this.world.blocks(b, a)) return "missing";
    const acceptFrom = this.world.accounts[b]!.acceptFrom;
    if (acceptFrom === "nobody") return "nobody";
    if (this.world.inList(b, a)) return "member";
    return acceptFrom === "contacts" ? "contacts-only" : "invited";
  }

  /** Of a list of people to add: the answer when refused (G2), or null. */
  private refusal(a: number, people: number[]): GroupExpect | null {
    const blocker = people.find((b) => this.addOutcome(a, b) === "missing");
    if (blocker !== undefined) return { kind: "missing", named: blocker };
    for (const b of people) {
      const outcome = this.addOutcome(a, b);
      if (outcome === "nobody" || outcome === "contacts-only") return { kind: "error", code: "forbidden" };
    }
    return null;
  }

  private enter(group: ModelGroup, b: number, state: "member" | "invited", role: GroupRole, from: number, entered: number, addedBy: number) {
    const earlier = group.members.get(b);
    group.members.set(b, { state, role, from, until: null, entered, addedBy, delivered: earlier?.delivered ?? 0, read: earlier?.read ?? 0 });
  }

  private exit(group: ModelGroup, b: number, state: "left" | "removed" | "declined", line: GroupLine) {
    const member = group.members.get(b)!;
    member.state = state;
    member.until = line.ord;
    member.role = "member";
  }

  member(g: number, a: number): GroupMember | undefined {
    return this.groups[g]?.members.get(a);
  }

  /** Applies a group step; returns the answer it must get. Online members' devices confirm the new lines. */
  apply(step: GroupStep): GroupExpect {
    const before = this.ord;
    const expected = this.change(step);
    this.groups.forEach((group) => {
      for (const line of group.lines) if (line.ord > before) this.deliver(group, line);
    });
    return expected;
  }

  /** Devices online get a new line as it is written and confirm it (G4); invited ones confirm nothing. */
  private deliver(group: ModelGroup, line: GroupLine) {
    for (const [who, member] of group.members) {
      if (member.state === "invited" || member.state === "declined" || !this.world.online(who)) continue;
      if (line.ord < member.from || (member.until !== null && line.ord > member.until)) continue;
      // A tab does not confirm its own message, and never gets one left out for it.
      if ((line.kind === "message" && line.actor === who) || this.visibility(line, who) === "omitted") continue;
      member.delivered = Math.max(member.delivered, line.ord);
    }
  }

  /** A device of `a` connected: it catches up (groupchat:sync) and confirms what it found (G4). */
  connected(a: number) {
    this.groups.forEach((group, g) => {
      const member = group.members.get(a);
      if (!member || member.state === "invited" || member.state === "declined") return;
      member.delivered = Math.max(member.delivered, this.lastVisible(g, a) ?? 0);
    });
  }

  private change(step: GroupStep): GroupExpect {
    const ok = (data?: Record<string, unknown>): GroupExpect => ({ kind: "ok", data });
    const notFound: GroupExpect = { kind: "error", code: "not_found" };
    const forbidden: GroupExpect = { kind: "error", code: "forbidden" };
    if (step.t === "gc-create") {
      const refused = this.refusal(step.a, step.members);
      if (refused) return refused;
      const group: ModelGroup = { members: new Map(), lines: [] };
      this.groups.push(group);
      const created = this.line(group, { kind: "created", actor: step.a });
      this.enter(group, step.a, "member", "creator", created.ord, created.ord, step.a);
      for (const b of step.members) {
        const added = this.line(group, { kind: "added", actor: step.a, subject: b });
        this.enter(group, b, this.addOutcome(step.a, b) as "member" | "invited", "member", created.ord, added.ord, step.a);
      }
      return ok({ state: "member", role: "creator" });
    }
    const group = this.groups[step.g]!;
    const own = group.members.get(step.a);
    const isMember = own?.state === "member";
    switch (step.t) {
      case "gc-add": {
        if (!isMember) return notFound;
        const refused = this.refusal(step.a, [step.b]);
        // Someone in the group already is left as they are (G2).
        if (current(group.members.get(step.b))) return ok();
        if (refused) return refused;
        const added = this.line(group, { kind: "added", actor: step.a, subject: step.b });
        this.enter(group, step.b, this.addOutcome(step.a, step.b) as "member" | "invited", "member", added.ord, added.ord, step.a);
        return ok();
      }
      case "gc-remove": {
        if (!isMember) return notFound;
        if (own.role === "member") return forbidden;
        const target = group.members.get(step.b);
        if (!current(target)) return notFound;
        if (target!.role === "creator" || (own.role === "admin" && target!.role === "admin")) return forbidden;
        const removed = this.line(group, { kind: "removed", actor: step.a, subject: step.b });
        // A pending request removed leaves the invited person's list, as a decline (docs/protocol.md).
        this.exit(group, step.b, target!.state === "invited" ? "declined" : "removed", removed);
        return ok();
      }
      case "gc-admin": {
        if (!isMember) return notFound;
        if (own.role !== "creator") return forbidden;
        const target = group.members.get(step.b);
        if (!current(target)) return notFound;
        if (target!.role === "creator") return { kind: "error", code: "invalid_payload" };
        if (target!.state !== "member") return forbidden;
        target!.role = step.admin ? "admin" : "member";
        return ok();
      }
      case "gc-leave": {
        if (!current(own)) return notFound;
        if (own!.role === "creator") {
          const others = [...group.members]
            .filter(([who, member]) => who !== step.a && member.state === "member")
            .sort(([, x], [, y]) => x.entered - y.entered);
          const next = others.find(([, member]) => member.role === "admin") ?? others[0];
          if (next) next[1].role = "creator";
        }
        const left = this.line(group, { kind: "left", actor: step.a });
        this.exit(group, step.a, own!.state === "invited" ? "declined" : "left", left);
        return ok();
      }
      case "gc-respond": {
        if (own?.state !== "invited") return notFound;
        if (step.action === "accept") {
          this.line(group, { kind: "joined", actor: step.a });
          own.state = "member";
          return ok({ state: "member" });
        }
        if (step.action === "block") {
          // The existing block path: an adder who blocks the responder cannot be named (A7).
          if (this.world.missing(step.a, own.addedBy)) return notFound;
          this.world.block(step.a, own.addedBy);
        }
        const left = this.line(group, { kind: "left", actor: step.a });
        this.exit(group, step.a, "declined", left);
        return ok();
      }
      case "gc-send": {
        if (own?.state === "invited") return forbidden;
        if (!isMember) return notFound;
        this.line(group, { kind: "message", actor: step.a, key: `c${step.g}m${this.messages++}` });
        return ok();
      }
      case "gc-typing":
        return ok();
      case "gc-read": {
        if (!own || own.state === "declined") return notFound;
        if (own.state !== "invited") own.read = Math.max(own.read, this.lastVisible(step.g, step.a) ?? 0);
        return ok();
      }
    }
  }

  // --- What each account sees ------------------------------------------------------------------

  /** Lines of group g that account a holds, oldest first, with whether each is hidden. */
  history(g: number, a: number): LineView[] {
    const member = this.member(g, a);
    if (!member || member.state === "declined") return [];
    const views: LineView[] = [];
    for (const line of this.groups[g]!.lines) {
      if (line.ord < member.from || (member.until !== null && line.ord > member.until)) continue;
      const visibility = this.visibility(line, a);
      if (visibility !== "omitted") views.push({ line, hidden: visibility === "hidden" });
    }
    return views;
  }

  /** A line as account a sees it: system lines are everyone's; blocks work both ways. */
  visibility(line: GroupLine, a: number): "shown" | "hidden" | "omitted" {
    if (line.kind !== "message" || line.actor === a) return "shown";
    if (this.world.blocks(line.actor, a)) return "omitted";
    if (this.world.blocks(a, line.actor)) return "hidden";
    return "shown";
  }

  lastVisible(g: number, a: number): number | null {
    return this.history(g, a).at(-1)?.line.ord ?? null;
  }

  /** Group g in a's list, or null when it is not there. */
  summary(g: number, a: number): SummaryView | null {
    const member = this.member(g, a);
    if (!member || member.state === "declined") return null;
    const group = this.groups[g]!;
    const state = member.state === "invited" ? "request" : member.state === "member" ? "member" : "left";
    const members =
      state === "left"
        ? []
        : [...group.members]
            .filter(([, row]) => current(row))
            .sort(([x], [y]) => x - y)
            .map(([who, row]) => ({ who, role: row.role, state: row.state as "member" | "invited" }));
    const unread = this.history(g, a).filter(
      ({ line, hidden }) => line.kind === "message" && line.actor !== a && !hidden && line.ord > member.read,
    ).length;
    return { state, role: member.role, members, unread };
  }

  /** Who has a message and who read it, as its sender is told (G3). */
  receipts(g: number, line: GroupLine): Receipt[] {
    const sender = line.actor;
    const senderReceipts = this.world.accounts[sender]!.readReceipts;
    return [...this.groups[g]!.members]
      .filter(
        ([who, member]) =>
          who !== sender &&
          member.state !== "invited" &&
          member.state !== "declined" &&
          line.ord >= member.from &&
          (member.until === null || line.ord <= member.until) &&
          !this.world.blocks(sender, who),
      )
      .sort(([x], [y]) => x - y)
      .map(([who, member]) => {
        // Receipts never tell more than presence does: one who looks offline to the sender says nothing.
        const shows = this.world.open(sender, who);
        return {
          member: who,
          delivered: shows && (member.delivered >= line.ord || member.read >= line.ord),
          read: shows && member.read >= line.ord && this.world.accounts[who]!.readReceipts && senderReceipts,
        };
      });
  }

  /** Whether a typing notice from `typist` in group g may reach `viewer`. */
  typingReaches(g: number, typist: number, viewer: number): boolean {
    const from = this.member(g, typist);
    const to = this.member(g, viewer);
    return (
      from?.state === "member" &&
      to?.state === "member" &&
      typist !== viewer &&
      !this.world.blocks(typist, viewer) &&
      !this.world.blocks(viewer, typist) &&
      this.world.open(viewer, typist)
    );
  }
}
