"use client";
// On a wide screen, my conversations beside the buddy list: each with the person's presence in
// words and their note, so whom to write to and whether they are there is seen at one glance.
import Link from "next/link";
import { AvailabilityLabel } from "@/components/presence/availability-label";
import { Avatar } from "@/components/presence/avatar";
import { Card } from "@/components/ui/card";
import { shownUnread } from "@/lib/client/im/conversation-marks";
import { splitConversations } from "@/lib/client/im/inbox-view";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useInbox } from "@/lib/client/react/use-inbox";
import type { ConversationSummary, PresenceView } from "@/lib/protocol";
import { cn } from "@/lib/utils";

const SHOWN = 8;

function ConversationRow({ conversation, presence }: { conversation: ConversationSummary; presence: PresenceView | null }) {
  const { peer, displayName, lastMessage } = conversation;
  // A conversation marked unread shows as at least one.
  const unread = shownUnread(conversation);
  const summary = presence ? presenceSummary(presence) : null;
  const note = presence?.status.note;
  const preview = `${lastMessage.direction === "outgoing" ? "You: " : ""}${lastMessage.body.replace(/\s+/g, " ").slice(0, 120)}`;
  return (
    <li>
      <Link
        href={`/messages/${encodeURIComponent(peer)}`}
        data-testid="recent-conversation"
        data-peer={peer}
        className="flex items-start gap-3 rounded-lg px-2 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-800/70"
      >
        <Avatar username={peer} displayName={displayName} tone={summary?.tone} size="sm" />
        <span className="grid min-w-0 flex-1 grid-cols-1 text-sm">
          <span className="flex items-baseline justify-between gap-2">
            <span className={cn("truncate", unread > 0 ? "font-semibold" : "font-medium")}>{displayName}</span>
            {unread > 0 ? (
              <span className="inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-brand px-1.5 text-xs font-semibold text-white">
                {unread}
                <span className="sr-only"> unread</span>
              </span>
            ) : null}
          </span>
          {summary ? (
            <span className="flex min-w-0 items-baseline gap-1.5 text-xs">
              <AvailabilityLabel summary={summary} className="shrink-0" />
              {note ? <span className="truncate text-zinc-600 dark:text-zinc-400">{note}</span> : null}
            </span>
          ) : null}
          <span className="truncate text-zinc-600 dark:text-zinc-400">{preview}</span>
        </span>
      </Link>
    </li>
  );
}

export function RecentConversations({ className }: { className?: string }) {
  const { loaded, conversations } = useInbox();
  const { contacts } = useBuddyList();
  const { accepted } = splitConversations(conversations);
  const presenceOf = (peer: string) => contacts.find((contact) => contact.username === peer)?.presence ?? null;
  return (
    <Card aria-labelledby="recent-conversations-title" className={cn("p-5", className)}>
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="recent-conversations-title" className="text-lg font-semibold">
          Conversations
        </h2>
        <Link href="/messages" className="text-sm font-medium text-brand-strong underline-offset-4 hover:underline dark:text-indigo-300">
          All messages
        </Link>
      </div>
      {!loaded ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Loading your conversations…</p>
      ) : accepted.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">No conversations yet. Write to someone from your buddy list.</p>
      ) : (
        <ul className="-mx-2 mt-2 grid grid-cols-1 gap-0.5">
          {accepted.slice(0, SHOWN).map((conversation) => (
            <ConversationRow key={conversation.peer} conversation={conversation} presence={presenceOf(conversation.peer)} />
          ))}
        </ul>
      )}
    </Card>
  );
}
