// Structured logs (pino): one JSON line per event. Redaction is a second line of defence;
// the first is never passing secrets (passwords, cookies, tokens) to a log call.
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: "buddylist" },
      redact: {
        paths: ["password", "*.password", "headers.cookie", "headers.authorization", "*.token", "token"],
        censor: "[redacted]",
      },
    },
    // Written off the event loop: a line per socket connected was a synchronous write(2) on it
    // (2 % of a reconnect storm's CPU). Lines logged while a write is under way leave with the
    // next one; pino writes what is left synchronously when the process exits.
    pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * At most one log line per key per window, for what anyone can provoke without signing in
 * (a garbage cookie, an unknown Auth.js action): logged every time, it would be a way to fill
 * the disk. `take` says whether to log now, and how many lines were skipped since the last.
 * Keys are bounded: past `maxKeys` the oldest is forgotten.
 */
export function createLogLimiter(options: { windowMs: number; maxKeys?: number; now?: () => number }) {
  const { windowMs, maxKeys = 10_000, now = Date.now } = options;
  const seen = new Map<string, { at: number; skipped: number }>();
  return {
    take(key: string): { skipped: number } | null {
      const at = now();
      const entry = seen.get(key);
      if (entry && at - entry.at < windowMs) {
        entry.skipped += 1;
        return null;
      }
      seen.delete(key); // re-inserted last: the map stays ordered oldest first
      if (seen.size >= maxKeys) seen.delete(seen.keys().next().value!);
      seen.set(key, { at, skipped: 0 });
      return { skipped: entry?.skipped ?? 0 };
    },
  };
}
export type LogLimiter = ReturnType<typeof createLogLimiter>;
