"use client";
// The FETCHER: look up anyone's presence once, as much as they allow me to see.
import Link from "next/link";
import { useState } from "react";
import { AvailabilityLabel } from "@/components/presence/availability-label";
import { Avatar } from "@/components/presence/avatar";
import { LastSeen } from "@/components/presence/last-seen";
import { PresenceDetails } from "@/components/presence/presence-details";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ChatIcon, SearchIcon } from "@/components/ui/icons";
import { UsernameField } from "@/components/ui/username-field";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useCommand } from "@/lib/client/react/use-command";
import { ErrorCode, type PresenceView } from "@/lib/protocol";
import { cn } from "@/lib/utils";

function LookupResult({ view }: { view: PresenceView }) {
  const { me, contacts } = useBuddyList();
  const request = useCommand("subscription:request");
  const summary = presenceSummary(view);
  const known = view.username === me?.username || contacts.some((contact) => contact.username === view.username);
  const [added, setAdded] = useState(false);
  return (
    <div className="grid gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="lookup-result">
      <div className="flex items-start gap-3">
        <Avatar username={view.username} displayName={view.displayName} tone={summary.tone} size="sm" />
        <div className="min-w-0 flex-1 text-sm">
          <p className="truncate font-medium leading-tight">{view.displayName}</p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">@{view.username}</p>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 text-xs">
            <AvailabilityLabel summary={summary} />
            {summary.tone === "offline" && view.status.lastSeenAt ? <LastSeen at={view.status.lastSeenAt} /> : null}
          </p>
          {view.status.note ? <p className="mt-1 break-words">{view.status.note}</p> : null}
          {view.access === "limited" ? (
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              They share only whether they are online with you.
            </p>
          ) : null}
        </div>
      </div>
      <PresenceDetails view={view} />
      {!known && !added ? (
        <Button
          size="sm"
          variant="outline"
          disabled={request.pending}
          onClick={async () => setAdded((await request.run({ username: view.username })).ok)}
        >
          Add {view.displayName} as a contact
        </Button>
      ) : null}
      {added ? <p className="text-xs text-zinc-500 dark:text-zinc-400">Request sent.</p> : null}
      {view.username !== me?.username ? (
        <Link href={`/messages/${encodeURIComponent(view.username)}`} className={buttonVariants({ variant: "outline", size: "sm" })}>
          <ChatIcon />
          Message {view.displayName}
        </Link>
      ) : null}
    </div>
  );
}

export function PresenceLookup({ className }: { className?: string }) {
  const fetchPresence = useCommand("presence:fetch");
  const [username, setUsername] = useState("");
  const [view, setView] = useState<PresenceView | null>(null);

  const error = fetchPresence.error
    ? fetchPresence.error.code === ErrorCode.not_found
      ? "No account with that name."
      : fetchPresence.error.message
    : undefined;

  return (
    <Card aria-labelledby="lookup-title" className={cn("p-5", className)}>
      <h2 id="lookup-title" className="text-base font-semibold">
        Look up
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">See anyone’s status once, as far as they share it.</p>
      <form
        role="search"
        noValidate
        className="mt-3 flex items-start gap-2"
        onSubmit={async (event) => {
          event.preventDefault();
          setView(null);
          const ack = await fetchPresence.run({ username });
          if (ack.ok) setView(ack.data);
        }}
      >
        <UsernameField label="Username" value={username} onValueChange={setUsername} error={error} className="flex-1" />
        <Button type="submit" variant="outline" className="mt-6.5" disabled={fetchPresence.pending || username.trim() === ""}>
          <SearchIcon />
          Look up
        </Button>
      </form>
      {view ? (
        <div className="mt-3">
          <LookupResult key={`${view.username}:${view.version}`} view={view} />
        </div>
      ) : null}
    </Card>
  );
}
