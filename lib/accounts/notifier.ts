// What account services need from the transport: end the live connections of sessions that
// ended (sign-out, password change, suspension, revoked token) or of suspended accounts, and
// tell every tab of an account that its profile changed.
import type { UserSummary } from "@/lib/protocol";

export type SessionEndReason = "signed_out" | "revoked";

export interface SessionNotifier {
  sessionsEnded(sessionIds: readonly string[], reason: SessionEndReason): void;
}

export interface ProfileNotifier {
  profileChanged(user: UserSummary): void;
}

export interface SuspensionNotifier {
  /** Every connection of these accounts ends (`revoked`), on every instance. */
  accountsSuspended(userIds: readonly string[]): void;
}
