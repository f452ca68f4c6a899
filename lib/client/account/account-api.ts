// The account settings endpoints (app/api/account), typed for the settings page.
import type { ChangePassword, DeleteAccount, EndedSessions, SessionList, SessionSummary } from "@/lib/protocol/account";
import type { Done } from "@/lib/protocol/schemas";
import { apiDownload, apiRequest } from "@/lib/client/connection/api";

export type { SessionSummary };

export const changePassword = (input: ChangePassword) =>
  apiRequest<Done>("POST", "/api/account/password", input);

export const listSessions = () => apiRequest<SessionList>("GET", "/api/account/sessions");

export const endSession = (id: string) => apiRequest<Done>("DELETE", `/api/account/sessions/${encodeURIComponent(id)}`);

export const endOtherSessions = () => apiRequest<EndedSessions>("DELETE", "/api/account/sessions");

export const downloadExport = () => apiDownload("/api/account/export", "buddylist-export.json");

export const deleteAccount = (password: string) => apiRequest<Done>("DELETE", "/api/account", { password } satisfies DeleteAccount);
