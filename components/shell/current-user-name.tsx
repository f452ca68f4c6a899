"use client";
import { useConnectionState } from "@/lib/client/react/use-connection-state";

/** The signed-in person's name: the server's render first, then live from the socket. */
export function CurrentUserName({ fallback }: { fallback: { username: string; name: string } }) {
  const user = useConnectionState().session?.user;
  const displayName = user?.displayName ?? fallback.name;
  const username = user?.username ?? fallback.username;
  return (
    <p className="text-right text-sm leading-tight" data-testid="current-user">
      <span className="block truncate font-medium">{displayName}</span>
      {displayName !== username ? <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">@{username}</span> : null}
    </p>
  );
}
