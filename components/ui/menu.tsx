"use client";
// A menu button (the WAI-ARIA APG pattern): one tab stop; Enter, Space or ArrowDown opens the
// menu on its first item, ArrowUp on its last; arrows, Home and End move between items; Escape
// closes it and gives focus back to the button; Tab or a click elsewhere closes it. `open` may
// be driven from outside (a long-press on touch opens it).
import { useEffect, useId, useRef } from "react";
import { cn } from "@/lib/utils";

export type MenuItem = { label: string; onSelect: () => void; tone?: "destructive"; icon?: React.ReactNode };

type Props = {
  /** The button's accessible name. */
  label: string;
  /** What the button shows. */
  children: React.ReactNode;
  items: MenuItem[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  align?: "start" | "end";
  /** Where the menu opens: above the button (default), or below it (near the top of a list). */
  side?: "top" | "bottom";
  className?: string;
};

export function MenuButton({ label, children, items, open, onOpenChange, align = "end", side = "top", className }: Props) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  /** Which item the opening focuses: the last one after ArrowUp, else the first. */
  const focusOnOpen = useRef<"first" | "last">("first");

  const itemsOf = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const close = (refocus: boolean) => {
    onOpenChange(false);
    if (refocus) button.current?.focus();
  };

  // Focus the first (or last) item when the menu opens.
  useEffect(() => {
    if (!open) return;
    const all = itemsOf();
    (focusOnOpen.current === "last" ? all.at(-1) : all[0])?.focus();
    focusOnOpen.current = "first";
  }, [open]);

  // A pointer down outside closes it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) onOpenChange(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open, onOpenChange]);

  const openOn = (which: "first" | "last") => {
    focusOnOpen.current = which;
    onOpenChange(true);
  };

  const onMenuKeyDown = (event: React.KeyboardEvent) => {
    const all = itemsOf();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => all[(to + all.length) % all.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        move(index + 1);
        break;
      case "ArrowUp":
        move(index - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(all.length - 1);
        break;
      case "Escape":
        close(true);
        break;
      case "Tab":
        // Focus moves on from the button, as for any tab stop.
        close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className={cn("relative", className)}>
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        className="inline-flex size-7 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-200/70 dark:text-zinc-300 dark:hover:bg-zinc-800"
        onClick={() => (open ? close(false) : openOn("first"))}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            openOn(event.key === "ArrowUp" ? "last" : "first");
          }
        }}
      >
        {children}
      </button>
      {open ? (
        <ul
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKeyDown}
          className={cn(
            "absolute z-20 grid min-w-40 gap-0.5 rounded-lg border border-zinc-200 bg-white p-1 text-sm text-zinc-900 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100",
            side === "top" ? "bottom-full mb-1" : "top-full mt-1",
            align === "end" ? "right-0" : "left-0",
          )}
        >
          {items.map((item) => (
            <li
              key={item.label}
              role="menuitem"
              tabIndex={-1}
              className={cn(
                "flex cursor-default items-center gap-2 rounded-md px-2.5 py-1.5 outline-none hover:bg-zinc-100 focus:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800",
                item.tone === "destructive" && "text-red-700 dark:text-red-300",
              )}
              onClick={() => {
                close(true);
                item.onSelect();
              }}
              onKeyDown={(event) => {
                if (event.key !== "Enter" && event.key !== " ") return;
                event.preventDefault();
                close(true);
                item.onSelect();
              }}
            >
              {item.icon}
              {item.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
