// Storage of the operator's tools: invitations, the audit log, and instance figures.
// Implementations: prisma-admin-store.ts, memory-admin-store.ts.

export type InviteRow = {
  id: string;
  tokenHash: string;
  createdById: string | null;
  createdAt: Date;
  expiresAt: Date;
  maxUses: number;
  uses: number;
  revokedAt: Date | null;
};

export type AuditRow = {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  target: string | null;
  /** JSON, as given to audit(). */
  details: string | null;
};

/** Most invitations listInvites answers. */
export const INVITE_LIST_LIMIT = 200;
/** Most entries auditSince answers. */
export const AUDIT_SINCE_LIMIT = 1000;

export interface AdminStore {
  createInvite(input: { tokenHash: string; createdById: string | null; expiresAt: Date; maxUses: number }): Promise<InviteRow>;
  /** The newest invitations first. */
  listInvites(): Promise<InviteRow[]>;
  /** False when there is no such invitation or it was revoked already. */
  revokeInvite(id: string, at: Date): Promise<boolean>;

  audit(entry: { actorId: string | null; actorName: string; action: string; target?: string; details?: unknown }): Promise<void>;
  /** Entries of one action after a time, oldest first. */
  auditSince(since: Date, action: string): Promise<AuditRow[]>;
  /** The newest entries first. */
  auditLog(limit: number): Promise<AuditRow[]>;

  /** Messages stored per UTC day (YYYY-MM-DD) since `since`, oldest first (days without messages are absent). */
  messagesPerDay(since: Date): Promise<{ day: string; count: number }[]>;
}
