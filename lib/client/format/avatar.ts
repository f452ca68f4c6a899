// A contact's avatar without images: initials, on a colour derived from the username so it
// is stable across devices and sessions and the same for every watcher.

/** Twelve hues 30° apart; at this lightness and chroma white text is above 4.5:1 (WCAG AA) on each. */
const HUES = 12;

/** FNV-1a: tiny, fast, and spreads similar names (alice, alice2) apart. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

export function avatarHue(username: string): number {
  return (hash(username.toLowerCase()) % HUES) * (360 / HUES);
}

export function avatarColor(username: string): string {
  return `oklch(0.5 0.13 ${avatarHue(username)})`;
}

/** "Ada Lovelace" → "AL", "bob" → "B", "carol_smith" → "CS", "alice_42" → "A". */
export function avatarInitials(displayName: string, username: string): string {
  const words = (displayName.trim() || username).split(/[\s._-]+/u).filter(Boolean);
  const first = words[0] ?? username;
  // A number or code ("alice_8f3a", "bob_42") is not a name: one initial reads better.
  const last = words.slice(1).findLast((word) => /^\p{L}+$/u.test(word));
  const initial = (word: string) => Array.from(word)[0]?.toLocaleUpperCase() ?? "";
  return (initial(first) + (last ? initial(last) : "")) || "?";
}
