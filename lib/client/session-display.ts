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
