import { signOutAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { ConnectionIndicator } from "./connection-indicator";
import { CurrentUserName } from "./current-user-name";

export function AppHeader({ user }: { user: { username: string; name: string } }) {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div className="mx-auto flex h-14 max-w-5xl items-center gap-3 px-4">
        <p className="text-lg font-bold tracking-tight">
          buddy<span className="text-brand dark:text-indigo-300">list</span>
        </p>
        <ConnectionIndicator />
        <div className="ml-auto flex items-center gap-3">
          <CurrentUserName fallback={user} />
          <form action={signOutAction}>
            <Button type="submit" variant="outline" size="sm">
              Sign out
            </Button>
          </form>
        </div>
      </div>
    </header>
  );
}
