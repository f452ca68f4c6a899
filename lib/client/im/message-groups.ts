// How a conversation's messages sit together on screen: consecutive messages from one side,
// a few minutes apart at most and on the same day, form a group (one bubble stack, tighter
// spacing, the corner tail on its last one only); and which one of my messages carries the
// single "Read" line — the last one the other side has read, not every read bubble.
import type { DeliveryState } from "./inbox-view";

/** A longer pause than this starts a new group, even from the same side. */
export const GROUP_GAP_MS = 5 * 60_000;

export type GroupPosition = "single" | "first" | "middle" | "last";

type Groupable = { key: string; direction: "incoming" | "outgoing"; sentAt: string };

const dayOf = (iso: string) => new Date(iso).toDateString();

function together(a: Groupable, b: Groupable): boolean {
  if (a.direction !== b.direction) return false;
  if (dayOf(a.sentAt) !== dayOf(b.sentAt)) return false;
  return Math.abs(Date.parse(b.sentAt) - Date.parse(a.sentAt)) <= GROUP_GAP_MS;
}

/** Each message's place in its group, by key, for messages in display order (oldest first). */
export function groupPositions(messages: Groupable[]): Map<string, GroupPosition> {
  const positions = new Map<string, GroupPosition>();
  messages.forEach((message, index) => {
    const previous = messages[index - 1];
    const next = messages[index + 1];
    const joinsPrevious = previous !== undefined && together(previous, message);
    const joinsNext = next !== undefined && together(message, next);
    positions.set(message.key, joinsPrevious ? (joinsNext ? "middle" : "last") : joinsNext ? "first" : "single");
  });
  return positions;
}

/** The key of my last message the other side has read, or null: it alone shows "Read". */
export function lastReadKey(messages: { key: string; direction: "incoming" | "outgoing"; state: DeliveryState }[]): string | null {
  return messages.findLast((message) => message.direction === "outgoing" && message.state === "read")?.key ?? null;
}
