"use client";
import { cn } from "@/lib/utils";
import { useFieldControl } from "./field";

/** Several lines of text, styled like Input. */
export function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  return (
    <textarea
      data-slot="textarea"
      className={cn(
        "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400",
        "aria-invalid:border-busy dark:border-zinc-700 dark:bg-zinc-900",
        className,
      )}
      {...useFieldControl(props)}
    />
  );
}
