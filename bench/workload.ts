// The benchmark's workload, shared by the orchestrator, the load generator and the bare server
// (pure): who watches whom, usernames, and the seeded schedule of status changes, so two runs
// (and the real and bare phases of one run) replay exactly the same traffic.
import type { PresenceView } from "@/lib/protocol/presence";

export type Shape = { clients: number; contacts: number };

/** Why a shape cannot be benchmarked, or null when it can. */
export function shapeProblem({ clients, contacts }: Shape): string | null {
  if (!Number.isInteger(clients) || clients < 2) return "--clients must be an integer ≥ 2";
  if (!Number.isInteger(contacts) || contacts < 2 || contacts % 2 !== 0) return "--contacts must be an even integer ≥ 2";
  // Below this, i+d and i−d' would name the same user and a contact would be counted twice.
  if (contacts >= clients) return "--contacts must be smaller than --clients";
  return null;
}

/**
 * `u0042`: every username has the same width, so every user's presence view (and every
 * notification) has the same size. The warm-up account, index `clients`, fits the width too.
 */
export function usernameOf(index: number, clients: number): string {
  return `u${String(index).padStart(Math.max(4, String(clients).length), "0")}`;
}

/**
 * User `index`'s contacts on a ring: i±1 … i±contacts/2, wrapping around. The relation is
 * symmetric, so these are also the accounts watching `index` (its watchers).
 */
export function contactsOf(index: number, { clients, contacts }: Shape): number[] {
  const result: number[] = [];
  for (let distance = 1; distance <= contacts / 2; distance++) {
    result.push((index + distance) % clients, (index - distance + clients) % clients);
  }
  return result;
}

/** mulberry32: a tiny seeded PRNG, good enough to pick senders and gaps reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type ScheduledChange = {
  seq: number;
  /** Index of the user who changes status. */
  sender: number;
  username: string;
  /** Unique per change and of fixed length; watchers match a notification by username + note. */
  note: string;
  /** When to send it, in ms after the fan-out phase starts. */
  offsetMs: number;
};

const NOTE_ALPHABET = "abcdefghijklmnopqrstuvwxyz";

export function makeSchedule(options: Shape & { changes: number; minGapMs: number; maxGapMs: number; seed: number }) {
  const random = seededRandom(options.seed);
  const schedule: ScheduledChange[] = [];
  let offsetMs = 0;
  for (let seq = 0; seq < options.changes; seq++) {
    if (seq > 0) offsetMs += options.minGapMs + random() * (options.maxGapMs - options.minGapMs);
    const sender = Math.floor(random() * options.clients);
    const words = Array.from({ length: 24 }, () => NOTE_ALPHABET[Math.floor(random() * NOTE_ALPHABET.length)]).join("");
    schedule.push({
      seq,
      sender,
      username: usernameOf(sender, options.clients),
      note: `bench ${String(seq).padStart(5, "0")} ${words}`,
      offsetMs: Math.round(offsetMs * 1000) / 1000,
    });
  }
  return schedule;
}

/** The status every change sets (only the note varies). */
export const BENCH_AVAILABILITY = "busy";

/**
 * The bare server's payload for one change: a view captured from the real server, re-labelled
 * for this sender and note. Usernames and notes have fixed widths, so it has exactly the size
 * of the notification the real server sent for the same change.
 */
export function bareView(template: PresenceView, username: string, note: string): PresenceView {
  return {
    ...template,
    username,
    displayName: username,
    status: { ...template.status, note },
    tuples: template.tuples.map((tuple) => (tuple.means === "im" ? { ...tuple, contact: `im:${username}` } : tuple)),
  };
}
