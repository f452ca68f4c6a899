// Signed-in sessions in words, for the settings page (pure).
import type { SessionSummary } from "@/lib/protocol/account";

/** This device first, then the most recently active. */
export function sortSessions(sessions: readonly SessionSummary[]): SessionSummary[] {
  return [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastActiveAt) - Date.parse(a.lastActiveAt),
  );
}

/** "from 203.0.113.x": the network only, which is all the server keeps in view. */
export function roughlyWhere(address: string | null): string {
  return address ? `from ${address}` : "address unknown";
}

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/** What "sign out everywhere else" did: "Signed out 2 other sessions and revoked 1 token." */
export function signedOutEverywhere({ ended, revokedTokens }: { ended: number; revokedTokens: number }): string {
  const sessions = `Signed out ${count(ended, "other session", "other sessions")}`;
  return revokedTokens === 0 ? `${sessions}.` : `${sessions} and revoked ${count(revokedTokens, "access token", "access tokens")}.`;
}
