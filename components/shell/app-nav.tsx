"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useBuddyList } from "@/hooks/use-buddy-list";
import { cn } from "@/lib/utils";

const LINKS = [
  { href: "/", label: "Buddy list" },
  { href: "/privacy", label: "Privacy" },
  { href: "/settings", label: "Settings" },
] as const;

/** The app's pages; the buddy list link carries the count of requests waiting, from any page. */
export function AppNav() {
  const pathname = usePathname();
  const waiting = useBuddyList().incoming.length;
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-0.5 sm:gap-1">
        {LINKS.map(({ href, label }) => {
          const current = pathname === href;
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 sm:px-2.5 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
                  current && "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100",
                )}
              >
                {label}
                {href === "/" && waiting > 0 ? (
                  <span className="inline-flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-busy px-1 text-[0.6875rem] font-semibold text-white">
                    {waiting}
                    <span className="sr-only"> {waiting === 1 ? "request" : "requests"} waiting</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
