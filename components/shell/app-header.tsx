import { signOutAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { AppNav } from "./app-nav";
import { ConnectionIndicator } from "./connection-indicator";
import { CurrentUserName } from "./current-user-name";

/**
 * One row: logo, pages, connection, name, sign out. On a phone the pages are in the bottom tab
 * bar instead (TabBar) and the name shrinks to fit.
 */
export function AppHeader({ user, isAdmin = false }: { user: { username: string; name: string }; isAdmin?: boolean }) {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div className="mx-auto flex h-13 max-w-5xl items-center gap-x-2 px-4 sm:h-14 sm:gap-x-3">
        <p className="text-lg font-bold tracking-tight">
          buddy<span className="text-brand dark:text-indigo-300">list</span>
        </p>
        <div className="ml-3 max-sm:hidden">
          <AppNav showAdmin={isAdmin} />
        </div>
        <div className="ml-auto">
          <ConnectionIndicator />
        </div>
        <div className="min-w-0 max-sm:max-w-[6.5rem]">
          <CurrentUserName fallback={user} />
        </div>
        <form action={signOutAction} className="shrink-0">
          <Button type="submit" variant="outline" size="sm">
            Sign out
          </Button>
        </form>
      </div>
    </header>
  );
}
