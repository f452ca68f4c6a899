// When a status clears by itself: the choices the status form offers, turned into the ISO
// time `presence:set-status` takes, and that time shown back to the person.

export const EXPIRY_CHOICES = ["none", "30m", "1h", "today", "tomorrow", "custom"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** "Until tomorrow" means the next 9:00 in the person's own time zone. */
export const TOMORROW_HOUR = 9;

export const EXPIRY_LABELS: Record<ExpiryChoice, string> = {
  none: "Until I change it",
  "30m": "For 30 minutes",
  "1h": "For 1 hour",
  today: "Until the end of today",
  tomorrow: `Until tomorrow (${TOMORROW_HOUR}:00)`,
  custom: "Until a time I choose",
};

const MINUTE = 60_000;

/** The next local `hour`:00 strictly after `now`. setDate keeps this right across DST changes. */
export function nextLocalHour(now: Date, hour: number): Date {
  const at = new Date(now);
  at.setHours(hour, 0, 0, 0);
  if (at <= now) at.setDate(at.getDate() + 1);
  return at;
}

export type ExpiryResult = { ok: true; expiresAt: string | null } | { ok: false; message: string };

/** `custom` is an `<input type="datetime-local">` value, which is local time without a zone. */
export function expiryTime(choice: ExpiryChoice, now: Date, custom = ""): ExpiryResult {
  switch (choice) {
    case "none":
      return { ok: true, expiresAt: null };
    case "30m":
      return { ok: true, expiresAt: new Date(now.getTime() + 30 * MINUTE).toISOString() };
    case "1h":
      return { ok: true, expiresAt: new Date(now.getTime() + 60 * MINUTE).toISOString() };
    case "today":
      // The next local midnight.
      return { ok: true, expiresAt: nextLocalHour(now, 0).toISOString() };
    case "tomorrow":
      return { ok: true, expiresAt: nextLocalHour(now, TOMORROW_HOUR).toISOString() };
    case "custom": {
      // A date-time without an offset parses as local time.
      const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(custom) ? new Date(custom) : null;
      if (!at || Number.isNaN(at.getTime())) return { ok: false, message: "Choose a date and time." };
      if (at <= now) return { ok: false, message: "Choose a time in the future." };
      return { ok: true, expiresAt: at.toISOString() };
    }
  }
}

/** A Date as an `<input type="datetime-local">` value (local time, minutes). */
export function toDateTimeLocal(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** "until 14:30", "until tomorrow 09:00", "until Tue 12 Mar, 09:00". */
export function formatExpiry(iso: string, now: Date, locale?: string): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  const days = Math.round((startOfDay(at) - startOfDay(now)) / (24 * 60 * MINUTE));
  if (days === 0) return `until ${time}`;
  if (days === 1) return `until tomorrow ${time}`;
  const date = at.toLocaleDateString(locale, { weekday: "short", day: "numeric", month: "short" });
  return `until ${date}, ${time}`;
}
