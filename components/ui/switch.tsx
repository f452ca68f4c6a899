"use client";
// An on/off setting that applies at once: a button with role="switch", named by its label,
// described by its hint. The thumb's position and the word On/Off show the state, never colour alone.
import { useId } from "react";
import { cn } from "@/lib/utils";

type Props = {
  label: string;
  hint: React.ReactNode;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
};

export function Switch({ label, hint, checked, disabled, onChange, className }: Props) {
  const id = useId();
  return (
    <div className={cn("flex items-center justify-between gap-3", className)}>
      <div className="min-w-0">
        <p id={`${id}-label`} className="text-sm font-medium">
          {label}
        </p>
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className="inline-flex shrink-0 items-center gap-2 rounded-full text-xs font-medium disabled:opacity-50"
      >
        <span
          aria-hidden
          className={cn(
            "relative inline-flex h-6 w-11 items-center rounded-full border-2 transition-colors",
            checked
              ? "border-zinc-800 bg-zinc-800 dark:border-zinc-200 dark:bg-zinc-200"
              : "border-zinc-300 bg-zinc-200 dark:border-zinc-600 dark:bg-zinc-700",
          )}
        >
          <span
            className={cn(
              "absolute size-4.5 rounded-full bg-white shadow transition-transform dark:bg-zinc-900",
              checked ? "translate-x-5.5" : "translate-x-0.5",
            )}
          />
        </span>
        <span aria-hidden className="w-6 text-left">
          {checked ? "On" : "Off"}
        </span>
      </button>
    </div>
  );
}
