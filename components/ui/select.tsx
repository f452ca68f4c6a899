"use client";
import { cn } from "@/lib/utils";
import { useFieldControl } from "./field";

/** A native select styled like Input: native keeps the keyboard and screen readers right. */
export function Select({ className, ...props }: React.ComponentProps<"select">) {
  return (
    <select
      data-slot="select"
      className={cn(
        "h-9 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm shadow-xs",
        "aria-invalid:border-busy dark:border-zinc-700 dark:bg-zinc-900",
        className,
      )}
      {...useFieldControl(props)}
    />
  );
}
