"use client";
// Reactions under a message: one chip per emoji with its count; mine are pressed, and a click
// toggles mine. Who reacted is in the chip's title and accessible name.
import type { ReactionSummary } from "@/lib/protocol";
import { cn } from "@/lib/utils";

/** Who reacted, in words ("you and alice"). */
export function reactedBy(reaction: ReactionSummary, peer: string, peerName: string, nameOf?: (user: string) => string): string {
  const names = reaction.users.map((user) => (nameOf ? nameOf(user) : user === peer ? peerName : "you"));
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

type Props = {
  reactions: ReactionSummary[];
  peer: string;
  peerName: string;
  mine: boolean;
  /** In a group: each reacting member's name ("you" for me). */
  nameOf?: (user: string) => string;
  onToggle: (emoji: string, on: boolean) => void;
};

export function ReactionChips({ reactions, peer, peerName, mine, nameOf, onToggle }: Props) {
  if (reactions.length === 0) return null;
  return (
    <ul aria-label="Reactions" className={cn("mt-0.5 flex flex-wrap gap-1", mine ? "justify-end" : "justify-start")}>
      {reactions.map((reaction) => {
        const who = reactedBy(reaction, peer, peerName, nameOf);
        return (
          <li key={reaction.emoji}>
            <button
              type="button"
              data-testid="reaction"
              aria-pressed={reaction.mine}
              aria-label={`${reaction.emoji} ${reaction.count}, from ${who}`}
              title={`Reacted with ${reaction.emoji}: ${who}`}
              onClick={() => onToggle(reaction.emoji, !reaction.mine)}
              className="inline-flex h-6 items-center gap-1 rounded-full border border-zinc-200 bg-white px-2 text-xs tabular-nums hover:bg-zinc-100 aria-pressed:border-brand aria-pressed:bg-brand/10 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
            >
              <span aria-hidden>{reaction.emoji}</span>
              <span aria-hidden>{reaction.count}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
