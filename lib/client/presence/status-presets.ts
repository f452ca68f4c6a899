// Statuses offered in one tap ("Set a status" in Slack and Google Chat), the emoji a note can
// start with, and the note split back into the two. The emoji is part of the note text, so
// the protocol and what watchers see stay as they are.
import type { Availability } from "@/lib/protocol";
import type { ExpiryChoice } from "./status-expiry";

export type StatusChoice = { availability: Availability; note: string; expiry: ExpiryChoice };

export type StatusPreset = StatusChoice & { label: string };

export const STATUS_PRESETS: readonly StatusPreset[] = [
  { label: "In a meeting · 1 h", availability: "busy", note: "📅 In a meeting", expiry: "1h" },
  { label: "Commuting · 30 min", availability: "away", note: "🚌 Commuting", expiry: "30m" },
  { label: "Out sick · today", availability: "away", note: "🤒 Out sick", expiry: "today" },
  { label: "On holiday", availability: "away", note: "🌴 On holiday", expiry: "none" },
];

/** A small curated set, each with the words a screen reader says for it. */
export const STATUS_EMOJI: readonly { emoji: string; name: string }[] = [
  { emoji: "💬", name: "speech bubble" },
  { emoji: "📅", name: "calendar" },
  { emoji: "🚌", name: "bus" },
  { emoji: "🍽️", name: "lunch" },
  { emoji: "☕", name: "coffee" },
  { emoji: "🎧", name: "headphones" },
  { emoji: "🏠", name: "house" },
  { emoji: "🤒", name: "ill" },
  { emoji: "🌴", name: "palm tree" },
  { emoji: "🎉", name: "party" },
  { emoji: "💻", name: "laptop" },
  { emoji: "🏃", name: "running" },
];

/** The note's leading emoji from the set (if any) and the rest of its text. */
export function splitNote(note: string): { emoji: string | null; text: string } {
  const found = STATUS_EMOJI.find(({ emoji }) => note.startsWith(emoji));
  if (!found) return { emoji: null, text: note };
  return { emoji: found.emoji, text: note.slice(found.emoji.length).trimStart() };
}

/** The note with `emoji` in front instead of the emoji it had (null removes it). */
export function withEmoji(note: string, emoji: string | null): string {
  const { text } = splitNote(note);
  return emoji ? `${emoji} ${text}` : text;
}
