// System lines as stored (GroupMessage.event: JSON naming accounts by id, so a renamed display
// name or a later username never changes history) and as a member sees them (usernames).
import type { GroupSystemEvent } from "@/lib/protocol/groups";

/** What a system line stores; the actor is the line's sender. */
export type StoredSystemEvent =
  | { kind: "created"; name: string | null }
  | { kind: "added"; subject: string }
  | { kind: "joined" }
  | { kind: "left" }
  | { kind: "removed"; subject: string }
  | { kind: "renamed"; name: string | null };

export const encodeEvent = (event: StoredSystemEvent): string => JSON.stringify(event);

/** The line as members see it; an account no longer known reads as "someone". */
export function decodeEvent(stored: string, actorId: string, username: (id: string) => string | undefined): GroupSystemEvent {
  const event = JSON.parse(stored) as StoredSystemEvent;
  const actor = username(actorId) ?? "someone";
  switch (event.kind) {
    case "created":
    case "renamed":
      return { kind: event.kind, actor, name: event.name };
    case "added":
    case "removed":
      return { kind: event.kind, actor, subject: username(event.subject) ?? "someone" };
    case "joined":
    case "left":
      return { kind: event.kind, actor };
  }
}

/** The accounts a stored line names besides its sender. */
export function eventSubjects(stored: string): string[] {
  const event = JSON.parse(stored) as StoredSystemEvent;
  return "subject" in event ? [event.subject] : [];
}
