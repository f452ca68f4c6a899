// Resumable sessions of this instance (XEP-0198 §5), by resumption id. A session whose
// connection dropped waits here for the grace period, then finishes. A client may come back
// before the old connection is noticed dead: taking the session over closes the old one.
// Sessions resume on the instance that holds them; elsewhere the client is told item-not-found
// and starts a new session (its unacknowledged messages are still in the inbox).
import type { LiveSession } from "./live-session";

type Entry = { session: LiveSession; userId: string; release: () => void; timer?: NodeJS.Timeout };

export function createResumption(graceMs: number) {
  const byId = new Map<string, Entry>();

  return {
    /** Grace period in whole seconds, as <enabled max='…'/> says it. */
    maxSeconds: Math.max(1, Math.ceil(graceMs / 1000)),

    /** `release`: closes the connection that holds the session now, without ending the session. */
    register(id: string, userId: string, session: LiveSession, release: () => void) {
      const before = byId.get(id);
      if (before?.timer) clearTimeout(before.timer);
      byId.set(id, { session, userId, release });
    },

    /** The connection dropped: the session finishes unless resumed within the grace period. */
    park(id: string) {
      const entry = byId.get(id);
      if (!entry) return;
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => {
        byId.delete(id);
        entry.session.finish();
      }, graceMs);
      entry.timer.unref();
    },

    /** The session a client resumes, if it is this account's and still waiting (or still held). */
    take(id: string | undefined, userId: string): LiveSession | null {
      const entry = id ? byId.get(id) : undefined;
      if (!entry || entry.userId !== userId) return null;
      clearTimeout(entry.timer);
      byId.delete(id!);
      entry.release();
      return entry.session;
    },

    forget(id: string | null) {
      if (!id) return;
      clearTimeout(byId.get(id)?.timer);
      byId.delete(id);
    },

    /** Shutdown: every waiting session finishes now. */
    finishAll() {
      for (const entry of byId.values()) {
        clearTimeout(entry.timer);
        entry.session.finish();
      }
      byId.clear();
    },
  };
}
export type Resumption = ReturnType<typeof createResumption>;
