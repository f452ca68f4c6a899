// The admin area's endpoints (app/api/admin), typed for its page. Every one answers 403 to
// anyone who is not an administrator (checked per request on the server).
import type {
  AccountList,
  AccountRow,
  AuditEntry,
  AuditLog,
  CreatedInvite,
  CreatedInviteBody,
  CreateInvite,
  InstanceFigures,
  InviteList,
  InviteSummary,
  SetSuspended,
} from "@/lib/protocol/admin";
import type { Done } from "@/lib/protocol/schemas";
import { apiRequest } from "@/lib/client/connection/api";

export type { AccountRow, AuditEntry, CreatedInvite, InviteSummary };
export type Figures = InstanceFigures;

export const listInvites = () => apiRequest<InviteList>("GET", "/api/admin/invites");

export const createInvite = (input: CreateInvite) =>
  apiRequest<CreatedInviteBody>("POST", "/api/admin/invites", input);

export const revokeInvite = (id: string) => apiRequest<Done>("DELETE", `/api/admin/invites/${encodeURIComponent(id)}`);

export const listAccounts = (query: string, signal?: AbortSignal) =>
  apiRequest<AccountList>("GET", `/api/admin/accounts?q=${encodeURIComponent(query)}`, undefined, signal);

export const setSuspended = (username: string, suspended: boolean) =>
  apiRequest<Done>("PATCH", `/api/admin/accounts/${encodeURIComponent(username)}`, { suspended } satisfies SetSuspended);

export const getFigures = () => apiRequest<InstanceFigures>("GET", "/api/admin/figures");

export const getAuditLog = () => apiRequest<AuditLog>("GET", "/api/admin/audit");
