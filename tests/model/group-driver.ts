// The group-conversation half of the driver (issue 18): runs group steps over the real sockets
// and, after every step, checks what each account sees against the group model: its list
// (which groups, state, role, members, unread), each group's history (which lines, hidden or
// left out, and the receipts of its own messages), who has its newest message and who read it,
// and everything it was sent during the step (messages only within its range and as it may see
// them, typing only where the contract lets it through, list changes, receipts of its own).
import { randomUUID } from "node:crypto";
import type { GroupMessagePage, GroupMessageView, GroupReceipts, GroupReceiptsChanged, GroupSnapshot, GroupSummary, GroupSyncPage } from "@/lib/protocol/groups";
import type { TestSocket } from "../integration/harness";
import type { CheckKind } from "./driver";
import type { GroupLine, GroupStep } from "./group-model";
import type { Expect, PresenceModel } from "./presence-model";

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
type Ask = <T = unknown>(socket: TestSocket, event: string, payload?: unknown) => Promise<Ack<T>>;

/** What a socket was sent during a step, about groups. */
export type GroupReceived =
  | { type: "gc-received"; message: GroupMessageView }
  | { type: "gc-typing"; groupId: string; from: string }
  | { type: "gc-changed"; summary: GroupSummary }
  | { type: "gc-removed"; groupId: string }
  | { type: "gc-receipts"; changed: GroupReceiptsChanged };

export type GroupHost = {
  model: PresenceModel;
  ask: Ask;
  username(a: number): string;
  indexOf(username: string): number;
  fail(kind: CheckKind, message: string): void;
  /** Keeps a promise the driver waits for before checking (a confirmation in flight). */
  track(promise: Promise<unknown>): void;
};

export type GroupRun = {
  answer: Ack<unknown>;
  expected: Expect;
  oracle: ((missing: string) => Promise<Ack<unknown>>) | null;
  named: string;
};

export class GroupDriver {
  /** Model group index → server id. */
  private readonly ids: string[] = [];
  /** Server message id → the model's key for it (the body it was sent with). */
  private readonly keys = new Map<string, string>();

  constructor(private readonly host: GroupHost) {}

  private get chats() {
    return this.host.model.chats;
  }
  private indexOfGroup(id: string): number {
    return this.ids.indexOf(id);
  }

  /** A new socket confirms every group line it gets (G4). */
  listen(socket: TestSocket, record: (event: GroupReceived) => void) {
    const { ask, track } = this.host;
    socket.on("groupchat:received", ({ message }) => {
      record({ type: "gc-received", message });
      if (message.direction === "incoming" || message.event !== null) {
        track(ask(socket, "groupchat:delivered", { groupId: message.groupId, upToSeq: message.seq }));
      }
    });
    socket.on("groupchat:typing", (notice) => record({ type: "gc-typing", groupId: notice.groupId, from: notice.from }));
    socket.on("groupchat:changed", (summary) => record({ type: "gc-changed", summary }));
    socket.on("groupchat:removed", ({ groupId }) => record({ type: "gc-removed", groupId }));
    socket.on("groupchat:receipts-changed", (changed) => record({ type: "gc-receipts", changed }));
  }

  /** Once connected, it catches up and confirms what it found, group by group (G4). */
  async catchUp(socket: TestSocket) {
    const { ask, track } = this.host;
    if (this.ids.length === 0) return;
    const synced = await ask<GroupSyncPage>(socket, "groupchat:sync", { afterSeq: 0, limit: 500 });
    if (!synced.ok) return this.host.fail("answer", `groupchat:sync failed: ${JSON.stringify(synced)}`);
    const newest = new Map<string, number>();
    for (const message of synced.data.messages) newest.set(message.groupId, Math.max(newest.get(message.groupId) ?? 0, message.seq));
    for (const [groupId, upToSeq] of newest) track(ask(socket, "groupchat:delivered", { groupId, upToSeq }));
  }

  /** Runs a group step from the actor's socket; the model says what it must answer. */
  async run(step: GroupStep, socket: TestSocket): Promise<GroupRun> {
    const { ask, username: name, model } = this.host;
    const groupId = step.t === "gc-create" ? "" : this.ids[step.g]!;
    let oracle: GroupRun["oracle"] = null;
    let named = "";
    let answer: Ack<unknown>;
    switch (step.t) {
      case "gc-create": {
        const members = (replace?: { who: number; name: string }) =>
          step.members.map((b) => (replace && replace.who === b ? replace.name : name(b)));
        const blocker = step.members.find((b) => this.chats.addOutcome(step.a, b) === "missing");
        answer = await ask<GroupSummary>(socket, "groupchat:create", { clientId: randomUUID(), members: members() });
        if (blocker !== undefined) {
          named = name(blocker);
          oracle = (missing) => ask(socket, "groupchat:create", { clientId: randomUUID(), members: members({ who: blocker, name: missing }) });
        }
        if (answer.ok) this.ids.push((answer.data as GroupSummary).id);
        break;
      }
      case "gc-add":
        answer = await ask(socket, "groupchat:add", { groupId, members: [name(step.b)] });
        named = name(step.b);
        oracle = (missing) => ask(socket, "groupchat:add", { groupId, members: [missing] });
        break;
      case "gc-remove":
        answer = await ask(socket, "groupchat:remove", { groupId, member: name(step.b) });
        break;
      case "gc-admin":
        answer = await ask(socket, "groupchat:set-admin", { groupId, member: name(step.b), admin: step.admin });
        break;
      case "gc-leave":
        answer = await ask(socket, "groupchat:leave", { groupId });
        break;
      case "gc-respond":
        answer = await ask(socket, "groupchat:respond", { groupId, action: step.action });
        break;
      case "gc-send": {
        const key = `c${step.g}m${this.chats.messageCount}`;
        answer = await ask<GroupMessageView>(socket, "groupchat:send", { groupId, clientId: randomUUID(), body: key });
        if (answer.ok) this.keys.set((answer.data as GroupMessageView).id, key);
        break;
      }
      case "gc-typing":
        answer = await ask(socket, "groupchat:typing", { groupId, typing: true });
        break;
      case "gc-read": {
        // As a client does: up to the newest line its list shows.
        const summary = await ask<GroupSummary>(socket, "groupchat:get", { groupId });
        const upToSeq = summary.ok ? (summary.data.lastMessage?.seq ?? 1) : 1;
        answer = await ask(socket, "groupchat:read", { groupId, upToSeq });
        break;
      }
    }
    const expected = model.apply(step);
    return { answer, expected, oracle, named };
  }

  // --- Checks ------------------------------------------------------------------------------------

  private lineName(line: GroupLine, hidden: boolean): string {
    if (line.kind === "message") return hidden ? `${line.key}(hidden)` : line.key!;
    return `${line.kind}:${line.actor}${line.subject === undefined ? "" : `:${line.subject}`}`;
  }
  private realName(message: GroupMessageView): string {
    const { indexOf } = this.host;
    if (message.event) {
      const event = message.event;
      return `${event.kind}:${indexOf(event.actor)}${"subject" in event ? `:${indexOf(event.subject)}` : ""}`;
    }
    const key = this.keys.get(message.id) ?? `?${message.id}`;
    if (message.hidden) return message.body === "" ? `${key}(hidden)` : `${key}(hidden, with its body!)`;
    return message.body === key ? key : `${key}(body ${JSON.stringify(message.body)})`;
  }

  /** What each account was sent during the step (events of every live socket). */
  checkReceived(w: number, events: GroupReceived[], step: { t: string; a: number; g?: number } | null) {
    const { fail, username, indexOf } = this.host;
    const tag = `${username(w)} (${w})`;
    for (const event of events) {
      switch (event.type) {
        case "gc-received": {
          const g = this.indexOfGroup(event.message.groupId);
          const holds = g < 0 ? [] : this.chats.history(g, w).map(({ line, hidden }) => this.lineName(line, hidden));
          const got = this.realName(event.message);
          if (!holds.includes(got)) {
            fail("inbox", `${tag} was sent ${got} in group ${g}, which it may not have (it holds ${JSON.stringify(holds)})`);
          }
          break;
        }
        case "gc-typing": {
          const g = this.indexOfGroup(event.groupId);
          const from = indexOf(event.from);
          if (step?.t !== "gc-typing" || step.a !== from || step.g !== g) fail("receipt", `${tag}: a groupchat:typing from ${from} in group ${g} nobody sent in this step`);
          else if (!this.chats.typingReaches(g, from, w)) fail("receipt", `${tag}: typing from ${from} in group ${g} reached it, which the contract forbids`);
          break;
        }
        case "gc-changed": {
          const g = this.indexOfGroup(event.summary.id);
          const expected = g < 0 ? null : this.chats.summary(g, w);
          if (!expected) fail("list", `${tag}: groupchat:changed for group ${g}, which is not in its list`);
          else if (event.summary.state !== expected.state) fail("list", `${tag}: groupchat:changed says ${event.summary.state} in group ${g}, the model ${expected.state}`);
          break;
        }
        case "gc-removed": {
          const g = this.indexOfGroup(event.groupId);
          if (g >= 0 && this.chats.summary(g, w)) fail("list", `${tag}: groupchat:removed for group ${g}, still in its list`);
          break;
        }
        case "gc-receipts": {
          const g = this.indexOfGroup(event.changed.groupId);
          // A step in which one account alone moved its marks (read, or confirmed on connecting):
          // if it looks offline to W, W must hear nothing of it.
          const mover = step && (step.t === "gc-read" || step.t === "connect") && step.a !== w ? step.a : null;
          if (mover !== null && !["full", "limited"].includes(this.host.model.kind(w, mover))) {
            fail("receipt", `${tag}: receipts moved in group ${g} when only ${mover}, who looks offline to it (${this.host.model.kind(w, mover)}), read or connected`);
          }
          for (const change of event.changed.changes) {
            const key = this.keys.get(change.messageId);
            const line = this.chats.groups[g]?.lines.find((candidate) => candidate.key === key);
            if (!line || line.actor !== w) {
              fail("receipt", `${tag}: receipts of ${key ?? change.messageId}, which is not its message`);
              continue;
            }
            const expected = this.chats.receipts(g, line);
            if (change.receipts.of !== expected.length) fail("receipt", `${tag}: receipts of ${key} are of ${change.receipts.of}, the model ${expected.length}`);
          }
          break;
        }
      }
    }
  }

  /** Each account's list, every group's history and receipts, as the model says. */
  async check(live: (a: number) => TestSocket | null) {
    if (this.ids.length === 0) return;
    const { ask, fail, model, username, indexOf } = this.host;
    await Promise.all(
      Array.from({ length: model.size }, async (_, a) => {
        const socket = live(a);
        if (!socket) return;
        const tag = `${username(a)} (${a})`;
        const [list, ...histories] = await Promise.all([
          ask<GroupSnapshot>(socket, "groupchat:list"),
          ...this.ids.map((groupId) => ask<GroupMessagePage>(socket, "groupchat:history", { groupId, limit: 100 })),
        ]);
        if (!list!.ok) fail("list", `${tag}: groupchat:list failed ${JSON.stringify(list)}`);
        else {
          const got = list!.data.groups
            .map((summary) => ({
              g: this.indexOfGroup(summary.id),
              state: summary.state,
              role: summary.state === "left" ? "-" : summary.role,
              members: summary.members.map((member) => `${indexOf(member.username)}:${member.role}:${member.state}`).sort(),
              unread: summary.unread,
            }))
            .sort((x, y) => x.g - y.g);
          const expected = this.ids.flatMap((_, g) => {
            const summary = this.chats.summary(g, a);
            if (!summary) return [];
            return [
              {
                g,
                state: summary.state,
                role: summary.state === "left" ? "-" : summary.role,
                members: summary.members.map((member) => `${member.who}:${member.role}:${member.state}`).sort(),
                unread: summary.unread,
              },
            ];
          });
          if (JSON.stringify(got) !== JSON.stringify(expected)) {
            fail("list", `${tag}: groups\n      got      ${JSON.stringify(got)}\n      expected ${JSON.stringify(expected)}`);
          }
        }
        const newestOwn: { g: number; id: string; line: GroupLine }[] = [];
        histories.forEach((history, g) => {
          if (!history!.ok) return fail("inbox", `${tag}: groupchat:history of group ${g} failed ${JSON.stringify(history)}`);
          const page = [...history!.data.messages].reverse();
          const expected = this.chats.history(g, a);
          const got = page.map((message) => this.realName(message));
          const want = expected.map(({ line, hidden }) => this.lineName(line, hidden));
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            fail("inbox", `${tag}: history of group ${g}\n      got      ${JSON.stringify(got)}\n      expected ${JSON.stringify(want)}`);
            return;
          }
          page.forEach((message, index) => {
            const line = expected[index]!.line;
            if (line.kind !== "message" || line.actor !== a) return;
            const receipts = this.chats.receipts(g, line);
            const counts = {
              delivered: receipts.filter((receipt) => receipt.delivered).length,
              read: receipts.filter((receipt) => receipt.read).length,
              of: receipts.length,
            };
            if (JSON.stringify(message.receipts) !== JSON.stringify(counts)) {
              fail("receipt", `${tag}: receipts of ${line.key} in group ${g}: got ${JSON.stringify(message.receipts)}, expected ${JSON.stringify(counts)}`);
            }
            newestOwn[g] = { g, id: message.id, line };
          });
        });
        // Who: the newest own message of each group, member by member.
        await Promise.all(
          newestOwn.filter(Boolean).map(async ({ g, id, line }) => {
            const answer = await ask<GroupReceipts>(socket, "groupchat:receipts", { messageId: id });
            if (!answer.ok) return fail("receipt", `${tag}: groupchat:receipts of ${line.key} failed ${JSON.stringify(answer)}`);
            const got = answer.data.members.map((member) => `${indexOf(member.username)}:${member.delivered ? "d" : "-"}${member.read ? "r" : "-"}`).sort();
            const want = this.chats
              .receipts(g, line)
              .map((receipt) => `${receipt.member}:${receipt.delivered ? "d" : "-"}${receipt.read ? "r" : "-"}`)
              .sort();
            if (JSON.stringify(got) !== JSON.stringify(want)) {
              fail("receipt", `${tag}: who has ${line.key} in group ${g}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
            }
          }),
        );
      }),
    );
  }
}
