"use client";
// A modal built on the native <dialog>: it traps focus, closes on Escape and returns focus to
// where it was, all by itself. `open` drives it; `onClose` hears every way it closes.
import { useId, useLayoutEffect, useRef } from "react";
import { cn } from "@/lib/utils";

type Props = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  /** "sheet": full width from the bottom edge, scrolling within (a phone's "Set a status"). */
  placement?: "center" | "sheet";
};

export function Dialog({ open, onClose, title, description, children, placement = "center" }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  // Before paint, so closing never shows an emptied dialog for a frame.
  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      className={cn(
        placement === "sheet"
          ? "mx-0 mt-auto mb-0 max-h-[90dvh] w-full max-w-none overflow-y-auto rounded-t-2xl pb-[max(1.25rem,env(safe-area-inset-bottom))]"
          : "m-auto w-[min(24rem,calc(100vw-2rem))] rounded-xl",
        "border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100",
      )}
    >
      {/* Rendered only while open, so forms inside start fresh each time. */}
      {open ? (
        <div className="grid gap-4">
          <h2 id={`${id}-title`} className="text-base font-semibold">
            {title}
          </h2>
          {description ? (
            <p id={`${id}-description`} className="text-sm text-zinc-600 dark:text-zinc-300">
              {description}
            </p>
          ) : null}
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
