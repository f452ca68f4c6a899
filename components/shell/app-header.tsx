import { signOutAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { AppNav } from "./app-nav";
import { ConnectionIndicator } from "./connection-indicator";
import { CurrentUserName } from "./current-user-name";

/**
 * One row on wide screens; on a phone two rows placed by grid (logo, connection, sign out /
 * pages, name) while the DOM keeps the reading and tab order of the wide layout.
 */
export function AppHeader({ user, isAdmin = false }: { user: { username: string; name: string }; isAdmin?: boolean }) {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div className="mx-auto grid max-w-5xl grid-cols-[auto_1fr_auto] items-center gap-x-3 gap-y-1 px-4 py-2 sm:flex sm:h-14 sm:py-0">
        <p className="col-start-1 row-start-1 text-lg font-bold tracking-tight">
          buddy<span className="text-brand dark:text-indigo-300">list</span>
        </p>
        <div className="col-span-2 col-start-1 row-start-2 sm:ml-3">
          <AppNav showAdmin={isAdmin} />
        </div>
        <div className="col-start-2 row-start-1 sm:ml-auto">
          <ConnectionIndicator />
        </div>
        <div className="col-start-3 row-start-2 justify-self-end">
          <CurrentUserName fallback={user} />
        </div>
        <form action={signOutAction} className="col-start-3 row-start-1">
          <Button type="submit" variant="outline" size="sm">
            Sign out
          </Button>
        </form>
      </div>
    </header>
  );
}
