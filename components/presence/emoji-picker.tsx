"use client";
// A small curated set of emoji for the front of a note: a disclosure button and a row of
// choices (each named in words), plus "No emoji".
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { STATUS_EMOJI } from "@/lib/client/presence/status-presets";

export function EmojiPicker({ value, onChange }: { value: string | null; onChange: (emoji: string | null) => void }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const choose = (emoji: string | null) => {
    onChange(emoji);
    setOpen(false);
  };
  return (
    <div className="grid gap-1.5">
      <Button
        size="sm"
        variant="outline"
        className="justify-self-start"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((shown) => !shown)}
      >
        <span aria-hidden>{value ?? "🙂"}</span>
        {value ? "Change emoji" : "Add emoji"}
      </Button>
      <div id={id} hidden={!open} role="group" aria-label="Emoji">
        <ul className="flex flex-wrap gap-1">
          {STATUS_EMOJI.map(({ emoji, name }) => (
            <li key={emoji}>
              <button
                type="button"
                aria-label={name}
                aria-pressed={value === emoji}
                onClick={() => choose(emoji)}
                className="size-9 rounded-md text-lg hover:bg-zinc-100 aria-pressed:bg-zinc-200 dark:hover:bg-zinc-800 dark:aria-pressed:bg-zinc-700"
              >
                {emoji}
              </button>
            </li>
          ))}
          <li>
            <Button size="sm" variant="ghost" className="h-9" onClick={() => choose(null)}>
              No emoji
            </Button>
          </li>
        </ul>
      </div>
    </div>
  );
}
