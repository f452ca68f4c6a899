// Structured logs (pino): one JSON line per event. Redaction is a second line of defence;
// the first is never passing secrets (passwords, cookies, tokens) to a log call.
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "buddylist" },
    redact: {
      paths: ["password", "*.password", "headers.cookie", "headers.authorization", "*.token", "token"],
      censor: "[redacted]",
    },
  });
}
