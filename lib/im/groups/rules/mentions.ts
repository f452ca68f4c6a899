// Mentions in group messages (`@bob`) and what a new group message notifies. Pure.

const USERNAME_CHARS = "a-z0-9_.-";

/** Whether the body mentions the username (`@name`, case-insensitive, not inside a longer name or an address). */
export function mentions(body: string, username: string): boolean {
  const escaped = username.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  return new RegExp(`(^|[^${USERNAME_CHARS}@])@${escaped}(?![${USERNAME_CHARS}])`, "i").test(body);
}

/**
 * Whether a new group message deserves a desktop notification: as one-to-one (never while muted,
 * not while busy unless asked), but a mention notifies even in a muted group.
 */
export function shouldNotifyGroup(facts: { busy: boolean; notifyWhileBusy: boolean; muted: boolean; mentioned: boolean }): boolean {
  if (facts.muted && !facts.mentioned) return false;
  return !facts.busy || facts.notifyWhileBusy;
}
