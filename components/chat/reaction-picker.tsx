"use client";
// Choosing a reaction: the quick row of six, and any other emoji from the status note's picker.
import { Dialog } from "@/components/ui/dialog";
import { EmojiPicker } from "@/components/presence/emoji-picker";
import { QUICK_REACTIONS, type ReactionSummary } from "@/lib/protocol";

type Props = {
  open: boolean;
  onClose: () => void;
  reactions: ReactionSummary[];
  onToggle: (emoji: string, on: boolean) => void;
};

export function ReactionPicker({ open, onClose, reactions, onToggle }: Props) {
  const mine = (emoji: string) => reactions.some((reaction) => reaction.emoji === emoji && reaction.mine);
  const choose = (emoji: string) => {
    onToggle(emoji, !mine(emoji));
    onClose();
  };
  return (
    <Dialog open={open} onClose={onClose} title="React to this message">
      <div className="grid gap-3">
        <ul className="flex flex-wrap gap-1" aria-label="Quick reactions">
          {QUICK_REACTIONS.map((emoji) => (
            <li key={emoji}>
              <button
                type="button"
                aria-pressed={mine(emoji)}
                aria-label={`React with ${emoji}`}
                onClick={() => choose(emoji)}
                className="size-10 rounded-md text-xl hover:bg-zinc-100 aria-pressed:bg-zinc-200 dark:hover:bg-zinc-800 dark:aria-pressed:bg-zinc-700"
              >
                {emoji}
              </button>
            </li>
          ))}
        </ul>
        <EmojiPicker value={null} onChange={(emoji) => emoji && choose(emoji)} />
      </div>
    </Dialog>
  );
}
