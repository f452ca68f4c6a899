// The account store in memory (the contract: account-store.ts), over memory-tables.ts. An
// account's deletion reaches every table, as the Prisma store's transaction does.
import { randomUUID } from "node:crypto";
import { dropMessagingOf } from "../im/memory-message-store";
import { copy, deleteWhere, type MemoryTables, sortBy } from "../memory-tables";
import { dropPresenceOf } from "../presence/memory-presence-store";
import { dropPushOf } from "../push/memory-push-store";
import { type AccountRow, type AccountStore, DELETED_DISPLAY_NAME, UsernameTakenError } from "./account-store";

export function createMemoryAccountStore(tables: MemoryTables): AccountStore {
  const user = (id: string) => tables.users.find((row) => row.id === id);
  /** Like Prisma's update: a missing row is an error. */
  const existing = (id: string) => {
    const row = user(id);
    if (!row) throw new Error(`No account ${id}`);
    return row;
  };
  const usable = (username: string) => tables.users.find((row) => row.username === username && row.deletedAt === null);
  const summary = ({ id, username, displayName }: AccountRow) => ({ id, username, displayName });

  return {
    async create(input, admission) {
      const isAdmin = tables.users.length === 0;
      if (!isAdmin && admission.mode === "closed") return "closed";
      let invite;
      if (admission.mode !== "closed" && admission.inviteHash) {
        const found = tables.invites.find((row) => row.tokenHash === admission.inviteHash);
        invite = found && !found.revokedAt && found.expiresAt > admission.now && found.uses < found.maxUses ? found : undefined;
        // With open sign-ups an invitation is a courtesy: a spent one does not stop anyone.
        if (!invite && !isAdmin && admission.mode === "invite") return "invite_invalid";
      } else if (!isAdmin && admission.mode === "invite") {
        return "invite_invalid";
      }
      // Checked last, as the unique index fails the insert (and the transaction counting the invite).
      if (tables.users.some((row) => row.username === input.username)) throw new UsernameTakenError();
      if (invite) invite.uses += 1;
      const row: AccountRow = { id: randomUUID(), ...input, createdAt: tables.now(), isAdmin, suspendedAt: null, deletedAt: null };
      tables.users.push(row);
      return copy(row);
    },

    async findByUsername(username) {
      const row = usable(username);
      return row ? copy(row) : null;
    },

    async findById(id) {
      const row = user(id);
      return row ? copy(row) : null;
    },

    async summaries(ids) {
      return tables.users.filter((row) => ids.includes(row.id)).map(summary);
    },

    async setDisplayName(id, displayName) {
      const row = existing(id);
      row.displayName = displayName;
      return summary(row);
    },

    async createSession(input) {
      const at = tables.now();
      const row = {
        id: randomUUID(),
        userId: input.userId,
        expiresAt: input.expiresAt,
        createdAt: at,
        lastActiveAt: at,
        userAgent: input.userAgent ?? null,
        ipAddress: input.ipAddress ?? null,
      };
      tables.sessions.push(row);
      return copy(row);
    },

    async findLiveSession(id, now) {
      const session = tables.sessions.find((row) => row.id === id);
      const owner = session && user(session.userId);
      if (!session || !owner || session.expiresAt <= now || owner.suspendedAt !== null || owner.deletedAt !== null) return null;
      return { lastActiveAt: session.lastActiveAt, user: summary(owner) };
    },

    async signInAddresses(username, now) {
      const owner = usable(username);
      if (!owner) return [];
      return tables.sessions.filter((row) => row.userId === owner.id && row.expiresAt > now).map((row) => row.ipAddress);
    },

    async listSessions(userId) {
      return sortBy(
        tables.sessions.filter((row) => row.userId === userId),
        (row) => row.lastActiveAt,
        "desc",
      ).map(copy);
    },

    async deleteSessions(userId, except) {
      const ended = tables.sessions.filter((row) => row.userId === userId && row.id !== except).map((row) => row.id);
      deleteWhere(tables.sessions, (row) => ended.includes(row.id));
      return ended;
    },

    async tokenIds(userId) {
      return tables.tokens.filter((row) => row.userId === userId).map((row) => row.id);
    },

    async setPasswordHash(userId, passwordHash) {
      existing(userId).passwordHash = passwordHash;
    },

    async setSuspended(userId, suspendedAt) {
      existing(userId).suspendedAt = suspendedAt;
    },

    async search(query, limit) {
      const needle = query.toLowerCase();
      const found = tables.users.filter((row) => !query || row.username.includes(needle));
      return sortBy(found, (row) => row.username)
        .slice(0, limit)
        .map(({ passwordHash: _passwordHash, ...row }) => row);
    },

    async countActive() {
      return tables.users.filter((row) => row.deletedAt === null).length;
    },

    async countAll() {
      return tables.users.length;
    },

    async tombstone(userId, now) {
      const others = new Set(
        tables.subscriptions
          .filter((row) => row.watcherId === userId || row.presentityId === userId)
          .flatMap((row) => [row.watcherId, row.presentityId])
          .filter((id) => id !== userId),
      );
      deleteWhere(tables.sessions, (row) => row.userId === userId);
      deleteWhere(tables.tokens, (row) => row.userId === userId);
      deleteWhere(tables.xmppCursors, (row) => row.userId === userId);
      dropPresenceOf(tables, userId);
      dropMessagingOf(tables, userId);
      dropPushOf(tables, userId);
      Object.assign(existing(userId), { deletedAt: now, displayName: DELETED_DISPLAY_NAME, passwordHash: "", isAdmin: false });
      return [...others];
    },

    async touchSession(id, now, expiresAt) {
      const session = tables.sessions.find((row) => row.id === id);
      if (session) Object.assign(session, { lastActiveAt: now, expiresAt });
    },

    async deleteSession(id) {
      deleteWhere(tables.sessions, (row) => row.id === id);
    },
  };
}
