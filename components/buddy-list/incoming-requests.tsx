"use client";
// Requests to watch me, waiting for my answer. After I approve someone I am not watching
// yet, I am offered to add them back in one click.
import { useState } from "react";
import { Avatar } from "@/components/presence/avatar";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { formatTimeAgo } from "@/lib/client/format/relative-time";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useCommand } from "@/lib/client/react/use-command";
import { useNow } from "@/lib/client/react/use-now";
import type { SubscriptionRequest } from "@/lib/protocol";
import { cn } from "@/lib/utils";

type Person = Pick<SubscriptionRequest, "username" | "displayName">;

function RequestRow({ request, onApproved }: { request: SubscriptionRequest; onApproved: (canSubscribeBack: boolean) => void }) {
  const respond = useCommand("subscription:respond");
  const now = useNow();
  const answer = async (approve: boolean) => {
    const ack = await respond.run({ username: request.username, approve });
    if (ack.ok && approve) onApproved(ack.data.canSubscribeBack);
  };
  return (
    <li className="grid gap-2 py-2.5" data-testid="incoming-request" data-username={request.username}>
      <div className="flex items-center gap-3">
        <Avatar username={request.username} displayName={request.displayName} size="sm" />
        <p className="min-w-0 flex-1 text-sm leading-tight">
          <span className="block truncate font-medium">{request.displayName}</span>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            @{request.username} · {formatTimeAgo(request.requestedAt, now)}
          </span>
        </p>
      </div>
      <div className="flex gap-2">
        <Button size="sm" disabled={respond.pending} onClick={() => void answer(true)} aria-label={`Approve ${request.displayName}`}>
          Approve
        </Button>
        <Button size="sm" variant="outline" disabled={respond.pending} onClick={() => void answer(false)} aria-label={`Deny ${request.displayName}`}>
          Deny
        </Button>
      </div>
      <FormError error={respond.error} />
    </li>
  );
}

function SubscribeBackOffer({ person, onClose }: { person: Person; onClose: () => void }) {
  const request = useCommand("subscription:request");
  return (
    <div className="grid gap-2 rounded-lg bg-brand/10 p-3 text-sm" role="group" aria-label={`Add ${person.displayName} back`}>
      <p>
        {person.displayName} can now see your status. Add {person.displayName} back to see theirs?
      </p>
      <div className="flex gap-2">
        <Button
          size="sm"
          disabled={request.pending}
          onClick={async () => {
            if ((await request.run({ username: person.username })).ok) onClose();
          }}
        >
          Add {person.displayName} back
        </Button>
        <Button size="sm" variant="ghost" onClick={onClose}>
          Not now
        </Button>
      </div>
      <FormError error={request.error} />
    </div>
  );
}

export function IncomingRequests({ className }: { className?: string }) {
  const { incoming } = useBuddyList();
  const [offers, setOffers] = useState<Person[]>([]);
  const count = incoming.length;
  const dismiss = (username: string) => setOffers((current) => current.filter((offer) => offer.username !== username));

  return (
    <Card aria-labelledby="requests-title" className={cn("p-5", className)}>
      <h2 id="requests-title" className="flex items-center gap-2 text-base font-semibold">
        Requests
        <span
          aria-hidden
          data-testid="incoming-count"
          className={cn(
            "inline-flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 text-xs font-semibold",
            count > 0 ? "bg-busy text-white" : "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
          )}
        >
          {count}
        </span>
      </h2>
      {/* Announced when a request arrives or is answered, from any tab. */}
      <p role="status" aria-live="polite" className="sr-only">
        {count === 0 ? "No requests waiting." : count === 1 ? "1 request waiting." : `${count} requests waiting.`}
      </p>
      {count === 0 && offers.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">No one is waiting for an answer.</p>
      ) : null}
      {count > 0 ? (
        <ul className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {incoming.map((request) => (
            <RequestRow
              key={request.username}
              request={request}
              onApproved={(canSubscribeBack) => {
                if (canSubscribeBack) setOffers((current) => [...current, request]);
              }}
            />
          ))}
        </ul>
      ) : null}
      {offers.length > 0 ? (
        <div className="mt-3 grid gap-2">
          {offers.map((offer) => (
            <SubscribeBackOffer key={offer.username} person={offer} onClose={() => dismiss(offer.username)} />
          ))}
        </div>
      ) : null}
    </Card>
  );
}
