// The admin area in words (pure): invitation choices and states, account states, and the
// audit log's lines.
import type { AccountRow, InviteSummary } from "@/lib/protocol/admin";

type AccountStatus = AccountRow["status"];

/** How long a new invitation link works. */
export const EXPIRY_CHOICES = [
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "1 day" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
] as const;

export const INVITE_STATE_LABELS: Record<InviteSummary["state"], string> = {
  active: "Active",
  expired: "Expired",
  "used-up": "Used up",
  revoked: "Revoked",
};

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  active: "Active",
  suspended: "Suspended",
  deleted: "Deleted",
};

/** "1 use", "5 uses" */
export const usesCount = (count: number) => `${count} ${count === 1 ? "use" : "uses"}`;

/** "1 of 5 uses" */
export const usesText = (uses: number, maxUses: number) => `${uses} of ${maxUses} ${maxUses === 1 ? "use" : "uses"}`;

/** A short, stable handle for an id (invitations are named by id in the audit log). */
export const shortId = (id: string) => id.slice(0, 8);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "in 7 days", "in 5 h", "in 12 min", "in under a minute": how long until `iso`. Hours and
 * days are rounded, so a 7-day link made a moment ago says 7 days, not 6.
 */
export function timeUntil(iso: string, now: number): string {
  const left = Date.parse(iso) - now;
  if (left < MINUTE) return "in under a minute";
  if (left < HOUR) return `in ${Math.floor(left / MINUTE)} min`;
  if (left < 2 * DAY - HOUR / 2) return `in ${Math.round(left / HOUR)} h`;
  return `in ${Math.round(left / DAY)} days`;
}

/** A link's lifetime in words: "1 hour", "36 hours", "1 day", "30 days". */
export function durationText(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? "1 day" : `${hours / 24} days`;
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

const ACTION_LABELS: Record<string, string> = {
  "invite.create": "Created an invitation",
  "invite.revoke": "Revoked an invitation",
  "account.suspend": "Suspended an account",
  "account.unsuspend": "Lifted a suspension",
};

/** An audit action in words; actions this page does not know yet show as recorded. */
export const auditActionLabel = (action: string) => ACTION_LABELS[action] ?? action;

/** An audit entry's target: invitations by their short id, accounts by name. */
export function auditTarget(action: string, target: string | null): string {
  if (!target) return "—";
  return action.startsWith("invite.") ? `invitation ${shortId(target)}` : `@${target}`;
}

/** An audit entry's details in words ("valid 7 days, 2 uses"), or "" when there are none. */
export function auditDetails(details: unknown): string {
  if (typeof details !== "object" || details === null) return "";
  const { expiresInHours, maxUses, ...rest } = details as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof expiresInHours === "number") parts.push(`valid ${durationText(expiresInHours)}`);
  if (typeof maxUses === "number") parts.push(usesCount(maxUses));
  for (const [key, value] of Object.entries(rest)) parts.push(`${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  return parts.join(", ");
}
