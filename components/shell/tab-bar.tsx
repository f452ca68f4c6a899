"use client";
// The app's pages as a bottom tab bar on a phone (the header's links are hidden there): in
// thumb's reach, each an icon over its word, with the same counts as the header's links.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { ADMIN_LINK, isCurrent, LINKS, LinkBadge } from "./app-nav";

export function TabBar({ showAdmin = false }: { showAdmin?: boolean }) {
  const pathname = usePathname();
  return (
    <nav
      aria-label="Main"
      className="fixed inset-x-0 bottom-0 z-10 border-t border-zinc-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur sm:hidden dark:border-zinc-800 dark:bg-zinc-900/95"
    >
      <ul className="flex">
        {(showAdmin ? [...LINKS, ADMIN_LINK] : LINKS).map(({ href, label, icon: TabIcon }) => {
          const current = isCurrent(pathname, href);
          return (
            <li key={href} className="min-w-0 flex-1">
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "relative flex h-14 flex-col items-center justify-center gap-0.5 text-[0.6875rem] font-medium text-zinc-600 dark:text-zinc-300",
                  current && "text-brand-strong dark:text-indigo-300",
                )}
              >
                <TabIcon className="size-5" />
                <span className="max-w-full truncate px-0.5">{label}</span>
                <LinkBadge href={href} className="absolute top-1 left-[calc(50%+0.5rem)]" />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
