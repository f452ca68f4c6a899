// The presence service's in-memory form of a presentity's PRESENCE INFORMATION.
import type { Availability, BasicStatus, TupleMeans } from "@/lib/protocol/presence";
import type { QuietHours } from "@/lib/protocol/quiet-hours";

/** An open tab or API client: open while connected (and during the grace period after). */
export type DeviceTuple = {
  id: string;
  label: string;
  idle: boolean;
  /** ms since epoch of the last change to this tuple. */
  since: number;
};

export type UserTuple = {
  id: string;
  means: TupleMeans;
  address: string;
  label: string | null;
  status: BasicStatus;
};

export type PresenceDocument = {
  userId: string;
  username: string;
  displayName: string;
  /** Grows on every change; see nextVersion(). */
  version: number;
  availability: Availability;
  note: string | null;
  /** ms since epoch when availability and note revert, or null. */
  statusExpiresAt: number | null;
  userTuples: UserTuple[];
  /** Open devices, in the order they connected. */
  devices: DeviceTuple[];
  lastSeenAt: number | null;
  /** ms since epoch of the last stored change (the `since` of user tuples). */
  updatedAt: number;
  /** The person's quiet hours (absent: none). */
  quietHours?: QuietHours | null;
  /**
   * Quiet hours are in force: the shown availability is `busy` unless they chose `away` or
   * `busy` themselves (service/quiet-hours.ts keeps it in step with the clock).
   */
  quiet?: boolean;
};

/**
 * The next version of a document: larger than the last, and at least the current time in ms,
 * so versions keep growing across restarts and processes without a shared counter.
 */
export function nextVersion(previous: number, now: number): number {
  return Math.max(previous + 1, now);
}

/** Moves the document to its next version (after a change to its content). */
export function bump(doc: PresenceDocument, now: number): void {
  doc.version = nextVersion(doc.version, now);
}
