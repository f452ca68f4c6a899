// The admin area's endpoints (app/api/admin), typed for its page. Every one answers 403 to
// anyone who is not an administrator (checked per request on the server).
import type { AdminService, InviteSummary } from "@/lib/admin/admin-service";
import { apiRequest } from "./api";

export type { InviteSummary };
export type AccountRow = Awaited<ReturnType<AdminService["listAccounts"]>>[number];
export type Figures = Awaited<ReturnType<AdminService["figures"]>>;
export type AuditEntry = Awaited<ReturnType<AdminService["auditLog"]>>[number];
/** A new invitation: `link` is a path (`/signup?invite=…`); the secret is never shown again. */
export type CreatedInvite = { id: string; secret: string; expiresAt: string; maxUses: number; link: string };

export const listInvites = () => apiRequest<{ invites: InviteSummary[] }>("GET", "/api/admin/invites");

export const createInvite = (input: { expiresInHours: number; maxUses: number }) =>
  apiRequest<{ invite: CreatedInvite }>("POST", "/api/admin/invites", input);

export const revokeInvite = (id: string) => apiRequest<{ ok: true }>("DELETE", `/api/admin/invites/${encodeURIComponent(id)}`);

export const listAccounts = (query: string, signal?: AbortSignal) =>
  apiRequest<{ accounts: AccountRow[] }>("GET", `/api/admin/accounts?q=${encodeURIComponent(query)}`, undefined, signal);

export const setSuspended = (username: string, suspended: boolean) =>
  apiRequest<{ ok: true }>("PATCH", `/api/admin/accounts/${encodeURIComponent(username)}`, { suspended });

export const getFigures = () => apiRequest<Figures>("GET", "/api/admin/figures");

export const getAuditLog = () => apiRequest<{ entries: AuditEntry[] }>("GET", "/api/admin/audit");
