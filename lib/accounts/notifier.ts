// What account services need from the transport: end the live connections of sessions that
// ended (sign-out, password change, suspension, revoked token).
export type SessionEndReason = "signed_out" | "revoked";

export interface SessionNotifier {
  sessionsEnded(sessionIds: readonly string[], reason: SessionEndReason): void;
}
