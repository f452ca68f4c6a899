"use client";
import { cn } from "@/lib/utils";
import { useFieldControl } from "./field";

export function Input({ className, ...props }: React.ComponentProps<"input">) {
  return (
    <input
      data-slot="input"
      className={cn(
        "h-9 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm shadow-xs placeholder:text-zinc-400",
        "aria-invalid:border-busy dark:border-zinc-700 dark:bg-zinc-900",
        className,
      )}
      {...useFieldControl(props)}
    />
  );
}
