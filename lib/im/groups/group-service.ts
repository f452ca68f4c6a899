// Group conversations' membership: create, add (under each added person's DELIVERY RULES),
// remove, leave, rename, admins, requests (accept / decline / block), the member's own marks,
// and the list a tab starts from. Every change writes its system line and reaches the tabs of
// everyone it concerns. The actor is always the session's account.
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/accounts/account-service";
import type { GroupConversationStore, MembershipChange, StoredGroupMember } from "@/lib/db/groups/group-store";
import type { InboxSettingsStore } from "@/lib/db/im/inbox-settings-store";
import type { KnownAccounts } from "@/lib/presence/known-account";
import type { PresenceAccess } from "@/lib/presence/presence-access";
import type { PresenceState } from "@/lib/presence/presence-state";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import { GROUP_MAX_MEMBERS, type GroupSnapshot, type GroupSummary } from "@/lib/protocol/groups";
import { MAX_PINNED_CONVERSATIONS } from "@/lib/protocol/im";
import { planFlags } from "../conversation-flags";
import { type GroupContext, type GroupReader, listed } from "./group-reader";
import { currentMembers } from "./group-views";
import type { GroupNotifier } from "./notifier";
import { evaluateAdd } from "./rules/adding";
import { mayManage, mayRemove, maySetAdmin, successor } from "./rules/roles";
import { encodeEvent, type StoredSystemEvent } from "./system-lines";

type Actor = Pick<SessionUser, "id" | "username">;

/** Exactly what an unknown name gets: a person who blocks the adder must look the same. */
const unknownName = (index: number) =>
  new ServiceError(ErrorCode.not_found, "There is no account with that name.", {
    issues: [{ path: `members.${index}`, message: "No such account." }],
  });
/** A group the caller is not in does not exist, to the caller. */
export const noGroup = () => new ServiceError(ErrorCode.not_found, "There is no such group.");
const notAllowed = (message: string) => new ServiceError(ErrorCode.forbidden, message);

export function createGroupService(deps: {
  store: GroupConversationStore;
  reader: GroupReader;
  /** Names the caller gives, as the caller may know them (a blocker looks missing). */
  known: Pick<KnownAccounts, "idOf">;
  state: Pick<PresenceState, "getMany" | "loadVisibility">;
  presence: Pick<PresenceAccess, "blocks">;
  inboxes: Pick<InboxSettingsStore, "settingsOf">;
  notifier: GroupNotifier;
  /** Adds an access rule `block` for the user (the privacy service's, so it is one list). */
  block: (owner: SessionUser, username: string) => Promise<unknown>;
  now?: () => number;
}) {
  const { store, reader, notifier } = deps;
  const now = deps.now ?? Date.now;

  const line = (groupId: string, actorId: string, event: StoredSystemEvent) => ({
    id: randomUUID(),
    groupId,
    senderId: actorId,
    clientId: randomUUID(),
    body: "",
    event: encodeEvent(event),
    sentAt: new Date(now()),
  });

  async function context(groupId: string): Promise<GroupContext> {
    const loaded = await reader.load(groupId);
    if (!loaded) throw noGroup();
    return loaded;
  }

  /** The group and the actor's row; the actor must be in it (a member, or invited when allowed). */
  async function asMember(actor: Pick<Actor, "id">, groupId: string, options: { invited?: boolean } = {}) {
    const loaded = await context(groupId);
    const own = loaded.member(actor.id);
    if (!own || !(own.state === "member" || (options.invited && own.state === "invited"))) throw noGroup();
    return { context: loaded, own };
  }

  /**
   * The accounts named, each with what their delivery rules say to the adder: refused when one
   * is unknown or blocks the adder (as unknown), or refuses openly. Nothing is changed then.
   */
  async function admit(
    actor: Actor,
    names: string[],
    /** Names of those in the group already: left as they are, whatever their rules say now. */
    alreadyIn: ReadonlySet<string> = new Set(),
  ): Promise<{ userId: string; state: "member" | "invited" }[]> {
    const named = names.map((name, index) => ({ name, index })).filter(({ name }) => !alreadyIn.has(name));
    const resolved = await Promise.all(named.map(async (person) => ({ ...person, id: await deps.known.idOf(actor, person.name) })));
    const ids = resolved.flatMap(({ id }) => (id && id !== actor.id ? [id] : []));
    const [entries, settings] = await Promise.all([
      deps.state.getMany(ids),
      deps.inboxes.settingsOf(ids),
      deps.state.loadVisibility([actor.id]), // rules about hidden watchers need it
    ]);
    // In the order named, a blocker is refused at its place in the list exactly as a name that
    // does not exist, before any other refusal: whether the caller knows the person or not.
    for (const { id, index } of resolved) {
      if (id === actor.id) {
        throw new ServiceError(ErrorCode.invalid_payload, "You are in the group already.", {
          issues: [{ path: `members.${index}`, message: "That is you." }],
        });
      }
      const entry = id ? entries.get(id) : undefined;
      if (!entry || deps.presence.blocks(entry, actor.id)) throw unknownName(index);
    }
    return resolved.map(({ id, name }) => {
      const entry = entries.get(id!)!;
      const outcome = evaluateAdd({
        blocksAdder: deps.presence.blocks(entry, actor.id),
        acceptFrom: settings.get(id!)?.acceptFrom ?? "everyone",
        adderIsContact: entry.relations.isContact(actor.id),
      });
      switch (outcome) {
        case "refuse-unknown":
          throw unknownName(names.indexOf(name));
        case "refuse-nobody":
          throw notAllowed(`${name} does not accept messages.`);
        case "refuse-contacts-only":
          throw notAllowed(`${name} accepts messages from contacts only.`);
        default:
          return { userId: id!, state: outcome };
      }
    });
  }

  /** Tells each account's tabs what the group looks like to it now (read for all at once). */
  async function announce(loaded: GroupContext, userIds: Iterable<string>) {
    const viewers = [...new Set(userIds)];
    const summaries = await reader.summaries(viewers.map((viewerId) => ({ context: loaded, viewerId })));
    viewers.forEach((userId, index) => {
      const summary = summaries[index];
      if (summary) notifier.groupChanged(userId, summary);
      else notifier.groupRemoved(userId, loaded.group.id);
    });
  }

  /** Sends new system lines to everyone whose range has them: one emit per line and way of seeing it. */
  async function deliverLines(loaded: GroupContext, lines: { seq: number }[], seqs: number[]) {
    const stored = (await store.bySeq(seqs)).sort((a, b) => a.seq - b.seq);
    const everyone = loaded.members.map((member) => member.userId);
    const known = { targets: [], attachments: new Map(), reactions: [], settings: new Map() };
    for (const line of stored) {
      for (const { view, viewerIds } of reader.freshViews(loaded, line, everyone, known)) {
        notifier.groupReceived(viewerIds, { message: view, notify: false });
      }
    }
    return lines;
  }

  /** Writes lines and moves members, then tells everyone concerned (the members before and after). */
  async function commit(groupId: string, before: GroupContext, changes: MembershipChange[]) {
    const lines = await store.change(groupId, changes);
    const after = await context(groupId);
    await deliverLines(after, lines, lines.map((stored) => stored.seq));
    // Those in it before or after, and those this change moved; not those gone earlier (they
    // get nothing after they left).
    const moved = new Set(changes.flatMap((change) => (change.move ? [change.move.userId] : [])));
    const concerned = [...currentMembers(before.members), ...currentMembers(after.members)].map((member) => member.userId);
    await announce(after, [...concerned, ...moved]);
    return after;
  }

  async function summaryFor(loaded: GroupContext, userId: string): Promise<GroupSummary> {
    const summary = await reader.summary(loaded, userId);
    if (!summary) throw noGroup();
    return summary;
  }

  /** Resolves a username among the group's current members. */
  function currentMember(loaded: GroupContext, username: string): StoredGroupMember {
    const found = currentMembers(loaded.members).find((member) => loaded.username(member.userId) === username);
    if (!found) {
      throw new ServiceError(ErrorCode.not_found, "That person is not in this group.", {
        issues: [{ path: "member", message: "Not in this group." }],
      });
    }
    return found;
  }

  /** The member leaves (keeping the history up to its "left" line). A creator leaving hands over. */
  async function leave(user: Pick<Actor, "id">, input: { groupId: string }): Promise<void> {
    const { context: loaded, own } = await asMember(user, input.groupId, { invited: true });
    if (own.role === "creator") {
      const next = successor(
        currentMembers(loaded.members).filter((member) => member.state === "member"),
        user.id,
      );
      if (next) await store.setRole(input.groupId, next.userId, "creator");
    }
    if (own.role !== "member") await store.setRole(input.groupId, user.id, "member");
    await commit(input.groupId, loaded, [
      {
        line: line(input.groupId, user.id, { kind: "left" }),
        move: { kind: "exit", userId: user.id, state: own.state === "invited" ? "declined" : "left" },
      },
    ]);
  }

  return {
    /** The groups in the account's list, pinned first, newest first, and where catch-up starts. */
    async snapshot(user: Actor): Promise<GroupSnapshot> {
      // The change cursor first: a change made while the list is read is then caught up with again.
      const changeCursor = await store.newestChange(user.id);
      const rows = (await store.membershipsOf(user.id)).filter(listed);
      // Every group at once: a bounded number of statements however many groups the list has.
      const [contexts, lastSeqs] = await Promise.all([
        reader.loadMany(rows.map((row) => row.groupId)),
        store.lastSeqs(rows.map((row) => row.groupId)),
      ]);
      const found = rows.flatMap((row) => {
        const context = contexts.get(row.groupId);
        return context ? [{ context, viewerId: user.id }] : [];
      });
      const groups = (await reader.summaries(found)).filter((summary) => summary !== null);
      groups.sort(
        (a, b) =>
          Number(b.pinned) - Number(a.pinned) || (b.lastMessage?.seq ?? 0) - (a.lastMessage?.seq ?? 0),
      );
      // The newest seq of any group the account has, hidden or left out ones too: catch-up from
      // here can only bring what came after.
      const cursor = Math.max(0, ...rows.map((row) => Math.min(lastSeqs.get(row.groupId) ?? 0, row.untilSeq ?? Infinity)));
      return { groups, cursor, changeCursor };
    },

    /** The groups the account is in or is asked to join (ids only: what an XMPP session starts from). */
    async memberships(user: Pick<Actor, "id">): Promise<{ groupId: string; state: "member" | "invited" }[]> {
      return (await store.membershipsOf(user.id)).flatMap((row) =>
        row.state === "member" || row.state === "invited" ? [{ groupId: row.groupId, state: row.state }] : [],
      );
    },

    async get(user: Actor, input: { groupId: string }): Promise<GroupSummary> {
      return summaryFor(await context(input.groupId), user.id);
    },

    /** A new group of the creator and the people named (their delivery rules apply). Idempotent by clientId. */
    async create(user: Actor, input: { clientId: string; name?: string | null; members: string[] }): Promise<GroupSummary> {
      const earlier = await store.findCreated(user.id, input.clientId);
      if (earlier) return summaryFor(await context(earlier.id), user.id);
      const admitted = await admit(user, input.members);
      const groupId = randomUUID();
      const name = input.name ?? null;
      const changes: MembershipChange[] = [
        {
          line: line(groupId, user.id, { kind: "created", name }),
          move: { kind: "enter", userId: user.id, role: "creator", state: "member", addedById: user.id },
        },
        ...admitted.map(
          ({ userId, state }): MembershipChange => ({
            line: line(groupId, user.id, { kind: "added", subject: userId }),
            move: { kind: "enter", userId, role: "member", state, addedById: user.id },
          }),
        ),
      ];
      const created = await store.create({ id: groupId, name, creatorId: user.id, clientId: input.clientId }, changes);
      // A retry that raced the first attempt: the first one made it.
      const id = created?.id ?? (await store.findCreated(user.id, input.clientId))?.id;
      if (!id) throw noGroup();
      const loaded = await context(id);
      if (created) await announce(loaded, loaded.members.map((member) => member.userId));
      return summaryFor(loaded, user.id);
    },

    /** A member adds people; those already in it are left as they are. */
    async add(user: Actor, input: { groupId: string; members: string[] }): Promise<GroupSummary> {
      const { context: loaded } = await asMember(user, input.groupId);
      // Those in it already are left as they are: the adder sees them in the member list, so a
      // refusal (one blocks the adder now) would tell of a block.
      const alreadyIn = new Set(
        currentMembers(loaded.members)
          .filter((member) => member.userId !== user.id)
          .map((member) => loaded.username(member.userId) ?? ""),
      );
      const admitted = await admit(user, input.members, alreadyIn);
      if (admitted.length === 0) return summaryFor(loaded, user.id);
      if (currentMembers(loaded.members).length + admitted.length > GROUP_MAX_MEMBERS) {
        throw notAllowed(`A group has at most ${GROUP_MAX_MEMBERS} members.`);
      }
      const after = await commit(
        input.groupId,
        loaded,
        admitted.map(({ userId, state }) => ({
          line: line(input.groupId, user.id, { kind: "added", subject: userId }),
          move: { kind: "enter", userId, role: "member", state, addedById: user.id },
        })),
      );
      return summaryFor(after, user.id);
    },

    /** The creator or an admin removes someone (never the creator; admins only members). */
    async remove(user: Actor, input: { groupId: string; member: string }): Promise<GroupSummary> {
      const { context: loaded, own } = await asMember(user, input.groupId);
      if (!mayManage(own.role)) throw notAllowed("Only the group's creator and admins can remove people.");
      const target = currentMember(loaded, input.member);
      if (target.userId === user.id) {
        throw new ServiceError(ErrorCode.invalid_payload, "To go, leave the group.", { issues: [{ path: "member", message: "That is you." }] });
      }
      if (!mayRemove(own.role, target.role)) throw notAllowed("You cannot remove that member.");
      const after = await commit(input.groupId, loaded, [
        {
          line: line(input.groupId, user.id, { kind: "removed", subject: target.userId }),
          // A request withdrawn leaves the person's list as a decline would; a member keeps the history.
          move: { kind: "exit", userId: target.userId, state: target.state === "invited" ? "declined" : "removed" },
        },
      ]);
      return summaryFor(after, user.id);
    },

    leave,

    /** The account was deleted: it leaves every group it is in (the others see it leave). */
    async accountDeleted(userId: string): Promise<void> {
      for (const row of await store.membershipsOf(userId)) {
        if (row.state === "member" || row.state === "invited") await leave({ id: userId }, { groupId: row.groupId });
      }
    },

    async rename(user: Actor, input: { groupId: string; name: string | null }): Promise<GroupSummary> {
      const { context: loaded, own } = await asMember(user, input.groupId);
      if (!mayManage(own.role)) throw notAllowed("Only the group's creator and admins can rename it.");
      if (loaded.group.name === input.name) return summaryFor(loaded, user.id);
      const stored = await store.rename(input.groupId, input.name, line(input.groupId, user.id, { kind: "renamed", name: input.name }));
      const after = await context(input.groupId);
      await deliverLines(after, [stored], [stored.seq]);
      await announce(after, currentMembers(after.members).map((member) => member.userId));
      return summaryFor(after, user.id);
    },

    async setAdmin(user: Actor, input: { groupId: string; member: string; admin: boolean }): Promise<GroupSummary> {
      const { context: loaded, own } = await asMember(user, input.groupId);
      if (!maySetAdmin(own.role)) throw notAllowed("Only the group's creator can name admins.");
      const target = currentMember(loaded, input.member);
      if (target.role === "creator") {
        throw new ServiceError(ErrorCode.invalid_payload, "The creator is always an admin.", { issues: [{ path: "member", message: "That is the creator." }] });
      }
      if (target.state !== "member") throw notAllowed("Only a member who accepted can be an admin.");
      const role = input.admin ? "admin" : "member";
      if (target.role === role) return summaryFor(loaded, user.id);
      await store.setRole(input.groupId, target.userId, role);
      const after = await context(input.groupId);
      await announce(after, currentMembers(after.members).map((member) => member.userId));
      return summaryFor(after, user.id);
    },

    /** Accept, decline or block a group that waits in the account's message requests. */
    async respond(user: SessionUser, input: { groupId: string; action: "accept" | "decline" | "block" }): Promise<GroupSummary | null> {
      const loaded = await reader.load(input.groupId);
      const own = loaded?.member(user.id);
      if (!loaded || own?.state !== "invited") throw new ServiceError(ErrorCode.not_found, "There is no group request like that.");
      if (input.action === "accept") {
        const after = await commit(input.groupId, loaded, [
          { line: line(input.groupId, user.id, { kind: "joined" }), move: { kind: "join", userId: user.id } },
        ]);
        return summaryFor(after, user.id);
      }
      if (input.action === "block") {
        const adder = loaded.username(own.addedById);
        if (adder) await deps.block(user, adder);
      }
      // To the others a decline looks like leaving.
      await commit(input.groupId, loaded, [
        { line: line(input.groupId, user.id, { kind: "left" }), move: { kind: "exit", userId: user.id, state: "declined" } },
      ]);
      return null;
    },

    /** Removes the group's history from the account's own list: a group it left goes from the list. */
    async deleteFromList(user: Actor, input: { groupId: string }): Promise<void> {
      const loaded = await context(input.groupId);
      const own = loaded.member(user.id);
      if (!own || !listed(own)) throw noGroup();
      if (own.state === "invited") throw new ServiceError(ErrorCode.conflict, "Accept or decline the request instead.");
      await store.clear(input.groupId, user.id, own.untilSeq ?? (await store.lastSeq(input.groupId)));
      await announce(await context(input.groupId), [user.id]);
    },

    async setFlags(user: Actor, input: { groupId: string; pinned?: boolean; muted?: boolean; markedUnread?: boolean }): Promise<GroupSummary> {
      const loaded = await context(input.groupId);
      const own = loaded.member(user.id);
      if (!own || !listed(own)) throw noGroup();
      const pinnedCount = (await store.membershipsOf(user.id)).filter((row) => listed(row) && row.pinnedAt !== null).length;
      const plan = planFlags({ current: own, request: input, pinnedCount, now: new Date(now()) });
      if (!plan.ok) throw new ServiceError(ErrorCode.conflict, `You can pin at most ${MAX_PINNED_CONVERSATIONS} groups.`);
      if (Object.keys(plan.flags).length > 0) {
        await store.setFlags(input.groupId, user.id, plan.flags);
        const after = await context(input.groupId);
        await announce(after, [user.id]);
        return summaryFor(after, user.id);
      }
      return summaryFor(loaded, user.id);
    },
  };
}
export type GroupService = ReturnType<typeof createGroupService>;
