// The operator's tools: invitations, accounts (search, suspend), instance figures, and the
// audit log every action writes to. The web admin area and `npm run admin` use this same
// service, so both follow the same rules and leave the same trail.
import { inviteHash, newInviteSecret } from "@/lib/accounts/invites";
import type { SessionNotifier, SuspensionNotifier } from "@/lib/accounts/notifier";
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { AdminStore } from "@/lib/db/accounts/admin-store";
import type { AccountRow, AuditEntry, CreatedInvite, InstanceFigures, InviteSummary } from "@/lib/protocol/admin";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";

/** Who acts: an administrator's account, or the terminal of the machine the server runs on. */
export type Actor = { id: string | null; name: string };
export const TERMINAL: Actor = { id: null, name: "terminal" };

export const FIGURE_DAYS = 30;
/** How often suspensions made outside this process (the admin terminal) are looked for. */
export const SUSPENSION_CHECK_MS = 1_000;

export function createAdminService(deps: {
  accounts: AccountStore;
  admin: AdminStore;
  sessions: SessionNotifier;
  /** Ends the connections of accounts suspended by another process (watchSuspensions). */
  suspensions?: SuspensionNotifier;
  /** Devices (tabs, API clients) connected now, across the service. */
  connectedClients: () => Promise<number>;
  now?: () => Date;
}) {
  const { accounts, admin, sessions } = deps;
  const now = deps.now ?? (() => new Date());

  async function accountNamed(username: string) {
    const account = await accounts.findByUsername(username.toLowerCase());
    if (!account) throw new ServiceError(ErrorCode.not_found, "There is no account with that name.");
    return account;
  }

  function inviteState(invite: { expiresAt: Date; maxUses: number; uses: number; revokedAt: Date | null }): InviteSummary["state"] {
    if (invite.revokedAt) return "revoked";
    if (invite.uses >= invite.maxUses) return "used-up";
    if (invite.expiresAt <= now()) return "expired";
    return "active";
  }

  /** Whether this account may use the admin area (asked on every request, not cached). */
  async function isAdministrator(userId: string): Promise<boolean> {
    const account = await accounts.findById(userId);
    return Boolean(account && account.isAdmin && !account.suspendedAt && !account.deletedAt);
  }

  /** Accounts suspended after `since` (by anyone, from anywhere), and the time to ask from next. */
  async function suspendedSince(since: Date): Promise<{ userIds: string[]; until: Date }> {
    const entries = await admin.auditSince(since, "account.suspend");
    const until = entries.at(-1)?.at ?? since;
    const userIds: string[] = [];
    for (const entry of entries) {
      const account = entry.target ? await accounts.findByUsername(entry.target) : null;
      if (account?.suspendedAt) userIds.push(account.id);
    }
    return { userIds, until };
  }

  return {
    isAdministrator,

    async requireAdmin(userId: string): Promise<void> {
      if (!(await isAdministrator(userId))) throw new ServiceError(ErrorCode.forbidden, "Only administrators may do this.");
    },

    /** A new invitation; its secret (for the link) is returned this once. */
    async createInvite(actor: Actor, input: { expiresInHours: number; maxUses: number }): Promise<Omit<CreatedInvite, "link">> {
      const secret = newInviteSecret();
      const invite = await admin.createInvite({
        tokenHash: inviteHash(secret),
        createdById: actor.id,
        expiresAt: new Date(now().getTime() + input.expiresInHours * 3_600_000),
        maxUses: input.maxUses,
      });
      await admin.audit({ actorId: actor.id, actorName: actor.name, action: "invite.create", target: invite.id, details: input });
      return { id: invite.id, secret, expiresAt: invite.expiresAt.toISOString(), maxUses: invite.maxUses };
    },

    async listInvites(): Promise<InviteSummary[]> {
      return (await admin.listInvites()).map((invite) => ({
        id: invite.id,
        createdAt: invite.createdAt.toISOString(),
        expiresAt: invite.expiresAt.toISOString(),
        maxUses: invite.maxUses,
        uses: invite.uses,
        state: inviteState(invite),
      }));
    },

    async revokeInvite(actor: Actor, id: string) {
      if (!(await admin.revokeInvite(id, now()))) throw new ServiceError(ErrorCode.not_found, "There is no such active invitation.");
      await admin.audit({ actorId: actor.id, actorName: actor.name, action: "invite.revoke", target: id });
    },

    async listAccounts(query: string): Promise<AccountRow[]> {
      return (await accounts.search(query, 200)).map((account) => ({
        username: account.username,
        displayName: account.displayName,
        createdAt: account.createdAt.toISOString(),
        isAdmin: account.isAdmin,
        status: account.deletedAt ? ("deleted" as const) : account.suspendedAt ? ("suspended" as const) : ("active" as const),
      }));
    },

    /** Suspends an account: its sessions and sockets end at once, and it cannot sign in. */
    async suspend(actor: Actor, username: string) {
      const account = await accountNamed(username);
      if (account.id === actor.id) throw new ServiceError(ErrorCode.conflict, "You cannot suspend your own account.");
      await accounts.setSuspended(account.id, now());
      const ended = await accounts.deleteSessions(account.id);
      const tokens = (await accounts.tokenIds(account.id)).map((id) => `token:${id}`);
      sessions.sessionsEnded([...ended, ...tokens], "revoked");
      await admin.audit({ actorId: actor.id, actorName: actor.name, action: "account.suspend", target: account.username });
    },

    async unsuspend(actor: Actor, username: string) {
      const account = await accountNamed(username);
      await accounts.setSuspended(account.id, null);
      await admin.audit({ actorId: actor.id, actorName: actor.name, action: "account.unsuspend", target: account.username });
    },

    async figures(): Promise<InstanceFigures> {
      const since = new Date(now().getTime() - (FIGURE_DAYS - 1) * 86_400_000);
      since.setUTCHours(0, 0, 0, 0);
      const [accountCount, connected, perDay] = await Promise.all([
        accounts.countActive(),
        deps.connectedClients(),
        admin.messagesPerDay(since),
      ]);
      const counts = new Map(perDay.map((row) => [row.day, row.count]));
      const messagesPerDay = Array.from({ length: FIGURE_DAYS }, (_, index) => {
        const day = new Date(since.getTime() + index * 86_400_000).toISOString().slice(0, 10);
        return { day, count: counts.get(day) ?? 0 };
      });
      return { accounts: accountCount, connectedClients: connected, messagesPerDay };
    },

    /**
     * Suspensions made from the admin terminal (another process) end the accounts' live
     * connections here too: they are found through the audit log every admin action is written
     * to, one indexed query a second however many sockets are open. Returns the stop.
     */
    watchSuspensions(onError: (error: unknown) => void, everyMs = SUSPENSION_CHECK_MS): () => void {
      let since = now();
      const check = async () => {
        const { userIds, until } = await suspendedSince(since);
        since = until;
        deps.suspensions?.accountsSuspended(userIds);
      };
      const timer = setInterval(() => void check().catch(onError), everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    async auditLog(limit = 200): Promise<AuditEntry[]> {
      return (await admin.auditLog(limit)).map((entry) => ({
        at: entry.at.toISOString(),
        actor: entry.actorName,
        /** Where the action was taken: an administrator's session, or the server's terminal. */
        via: entry.actorId === null ? ("terminal" as const) : ("web" as const),
        action: entry.action,
        target: entry.target,
        details: entry.details ? (JSON.parse(entry.details) as unknown) : null,
      }));
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;
