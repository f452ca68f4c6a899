// The account settings endpoints (app/api/account), typed for the settings page.
import type { SessionSummary } from "@/lib/accounts/account-settings";
import { apiDownload, apiRequest } from "./api";

export type { SessionSummary };

export const changePassword = (input: { currentPassword: string; newPassword: string }) =>
  apiRequest<{ ok: true }>("POST", "/api/account/password", input);

export const listSessions = () => apiRequest<{ sessions: SessionSummary[] }>("GET", "/api/account/sessions");

export const endSession = (id: string) => apiRequest<{ ok: true }>("DELETE", `/api/account/sessions/${encodeURIComponent(id)}`);

export const endOtherSessions = () => apiRequest<{ ended: number; revokedTokens: number }>("DELETE", "/api/account/sessions");

export const downloadExport = () => apiDownload("/api/account/export", "buddylist-export.json");

export const deleteAccount = (password: string) => apiRequest<{ ok: true }>("DELETE", "/api/account", { password });
