"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { totalGroupUnread } from "@/lib/client/groups/group-view";
import { totalUnread } from "@/lib/client/im/inbox-view";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useInbox } from "@/lib/client/react/use-inbox";
import { useGroups } from "@/lib/client/react/use-groups";
import { ChatIcon, KeyIcon, SettingsIcon, ShieldIcon, UsersIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

export const LINKS = [
  { href: "/", label: "Buddy list", icon: UsersIcon },
  { href: "/messages", label: "Messages", icon: ChatIcon },
  { href: "/privacy", label: "Privacy", icon: ShieldIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
] as const;

/** Shown to administrators only (the server decides; the admin API checks again). */
export const ADMIN_LINK = { href: "/admin", label: "Admin", icon: KeyIcon } as const;

export const isCurrent = (pathname: string, href: string) => pathname === href || (href !== "/" && pathname.startsWith(`${href}/`));

/** A count on a link: the number, and in words for screen readers. */
function CountBadge({ count, words, className }: { count: number; words: string; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-busy-strong px-1 text-[0.6875rem] font-semibold text-white",
        className,
      )}
    >
      {count}
      <span className="sr-only"> {words}</span>
    </span>
  );
}

/** The badge a link carries: requests waiting on the buddy list, unread messages on Messages. */
export function LinkBadge({ href, className }: { href: string; className?: string }) {
  const waiting = useBuddyList().incoming.length;
  const unread = totalUnread(useInbox().conversations) + totalGroupUnread(useGroups().groups);
  if (href === "/" && waiting > 0) {
    return <CountBadge className={className} count={waiting} words={waiting === 1 ? "request waiting" : "requests waiting"} />;
  }
  if (href === "/messages" && unread > 0) {
    return <CountBadge className={className} count={unread} words={unread === 1 ? "unread message" : "unread messages"} />;
  }
  return null;
}

/**
 * The app's pages; the buddy list link carries the count of requests waiting, the messages
 * link the count of unread messages, from any page.
 */
export function AppNav({ showAdmin = false }: { showAdmin?: boolean }) {
  const pathname = usePathname();
  return (
    // Shown from the sm breakpoint up: on a phone the pages are in the bottom tab bar (TabBar).
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {(showAdmin ? [...LINKS, ADMIN_LINK] : LINKS).map(({ href, label }) => {
          const current = isCurrent(pathname, href);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-sm font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
                  current && "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100",
                )}
              >
                {label}
                <LinkBadge href={href} />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
