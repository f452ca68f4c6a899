import { useId } from "react";
import { cn } from "@/lib/utils";
import { Input } from "./input";

/** A labelled input with its error shown inline and announced to screen readers. */
export function Field({
  label,
  error,
  hint,
  className,
  ...input
}: React.ComponentProps<typeof Input> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className={cn("grid gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <Input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...input} />
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-busy">
          {error}
        </p>
      ) : null}
    </div>
  );
}
