// The last five statuses a person set, newest first (Zulip #26513). Kept per account in this
// browser's localStorage: they are a convenience, not something other devices need to know.
import { AVAILABILITIES } from "@/lib/protocol";
import { EXPIRY_CHOICES } from "./status-expiry";
import type { StatusChoice } from "./status-presets";

export const RECENT_STATUS_LIMIT = 5;

const keyOf = (username: string) => `buddylist:recent-statuses:${username}`;

/** `choice` first, an equal earlier one dropped, at most five; an empty note is not kept. */
export function rememberStatus(recent: readonly StatusChoice[], choice: StatusChoice): StatusChoice[] {
  const note = choice.note.trim();
  if (!note) return [...recent];
  // A custom time means nothing next week: it is remembered without one.
  const kept: StatusChoice = { availability: choice.availability, note, expiry: choice.expiry === "custom" ? "none" : choice.expiry };
  const same = (other: StatusChoice) => other.note === kept.note && other.availability === kept.availability && other.expiry === kept.expiry;
  return [kept, ...recent.filter((other) => !same(other))].slice(0, RECENT_STATUS_LIMIT);
}

const isChoice = (value: unknown): value is StatusChoice => {
  if (typeof value !== "object" || value === null) return false;
  const { availability, note, expiry } = value as Record<string, unknown>;
  return (
    (AVAILABILITIES as readonly unknown[]).includes(availability) &&
    typeof note === "string" &&
    (EXPIRY_CHOICES as readonly unknown[]).includes(expiry)
  );
};

/** What was stored, ignoring anything malformed (storage is the browser's, and may be edited). */
export function parseRecentStatuses(raw: string | null): StatusChoice[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter(isChoice).slice(0, RECENT_STATUS_LIMIT) : [];
  } catch {
    return [];
  }
}

export function loadRecentStatuses(storage: Pick<Storage, "getItem">, username: string): StatusChoice[] {
  try {
    return parseRecentStatuses(storage.getItem(keyOf(username)));
  } catch {
    return [];
  }
}

export function saveRecentStatuses(storage: Pick<Storage, "setItem">, username: string, recent: readonly StatusChoice[]): void {
  try {
    storage.setItem(keyOf(username), JSON.stringify(recent));
  } catch {
    // Storage full or refused (private mode): the list lives only until the tab closes.
  }
}
