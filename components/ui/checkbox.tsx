"use client";
import { cn } from "@/lib/utils";
import { useFieldControl } from "./field";

/** A native checkbox in the brand colour; in a <Field>, its <Label> names it. */
export function Checkbox({ className, ...props }: Omit<React.ComponentProps<"input">, "type">) {
  return <input type="checkbox" data-slot="checkbox" className={cn("size-4 accent-brand", className)} {...useFieldControl(props)} />;
}

/** A native radio button in the brand colour; in a <Field>, its <Label> names it. */
export function Radio({ className, ...props }: Omit<React.ComponentProps<"input">, "type">) {
  return <input type="radio" data-slot="radio" className={cn("size-4 accent-brand", className)} {...useFieldControl(props)} />;
}
