"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { totalUnread } from "@/lib/client/im/inbox-view";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useInbox } from "@/lib/client/react/use-inbox";
import { cn } from "@/lib/utils";

const LINKS = [
  { href: "/", label: "Buddy list" },
  { href: "/messages", label: "Messages" },
  { href: "/privacy", label: "Privacy" },
  { href: "/settings", label: "Settings" },
] as const;

/** Shown to administrators only (the server decides; the admin API checks again). */
const ADMIN_LINK = { href: "/admin", label: "Admin" } as const;

/** A count on a link: the number, and in words for screen readers. */
function CountBadge({ count, words }: { count: number; words: string }) {
  return (
    <span className="inline-flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-busy px-1 text-[0.6875rem] font-semibold text-white">
      {count}
      <span className="sr-only"> {words}</span>
    </span>
  );
}

/**
 * The app's pages; the buddy list link carries the count of requests waiting, the messages
 * link the count of unread messages, from any page.
 */
export function AppNav({ showAdmin = false }: { showAdmin?: boolean }) {
  const pathname = usePathname();
  const waiting = useBuddyList().incoming.length;
  const unread = totalUnread(useInbox().conversations);
  return (
    // On a phone the links may be wider than their row: they scroll sideways there (the fading
    // edge says so) rather than push the header apart (inline-size containment keeps them from
    // widening the row).
    <nav
      aria-label="Main"
      className="max-sm:overflow-x-auto max-sm:[contain:inline-size] max-sm:[scrollbar-width:none] max-sm:[mask-image:linear-gradient(to_right,black_calc(100%-1.5rem),transparent)]"
    >
      <ul className="flex items-center gap-0.5 sm:gap-1">
        {(showAdmin ? [...LINKS, ADMIN_LINK] : LINKS).map(({ href, label }) => {
          const current = pathname === href || (href !== "/" && pathname.startsWith(`${href}/`));
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
                  <CountBadge count={waiting} words={waiting === 1 ? "request waiting" : "requests waiting"} />
                ) : null}
                {href === "/messages" && unread > 0 ? (
                  <CountBadge count={unread} words={unread === 1 ? "unread message" : "unread messages"} />
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
