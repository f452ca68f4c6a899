"use client";
// One conversation in the list: who, the newest message (or that they are typing), when, and
// how many are unread.
import { attachmentSummary } from "@/lib/protocol/attachment-summary";
import Link from "next/link";
import { Avatar } from "@/components/presence/avatar";
import { listTime } from "@/lib/client/format/message-time";
import type { PresenceTone } from "@/lib/client/presence/presence-display";
import { useNow } from "@/lib/client/react/use-now";
import type { ConversationSummary } from "@/lib/protocol";
import { cn } from "@/lib/utils";

type Props = { conversation: ConversationSummary; selected: boolean; typing: boolean; tone?: PresenceTone };

/** The newest message on one line. */
function preview(conversation: ConversationSummary): string {
  const { body, attachments } = conversation.lastMessage;
  const text = (body || attachmentSummary(attachments)).replace(/\s+/g, " ").slice(0, 140);
  return conversation.lastMessage.direction === "outgoing" ? `You: ${text}` : text;
}

export function ConversationItem({ conversation, selected, typing, tone }: Props) {
  const now = useNow();
  const { peer, displayName, unread, lastMessage } = conversation;
  return (
    <li>
      <Link
        href={`/messages/${encodeURIComponent(peer)}`}
        aria-current={selected ? "page" : undefined}
        data-testid="conversation-item"
        data-peer={peer}
        className={cn(
          "flex items-center gap-3 rounded-lg px-2.5 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-800/70",
          selected && "bg-brand/10 hover:bg-brand/15 dark:bg-indigo-400/15 dark:hover:bg-indigo-400/20",
        )}
      >
        <Avatar username={peer} displayName={displayName} tone={tone} />
        <span className="grid min-w-0 flex-1 grid-cols-1">
          <span className="flex items-baseline justify-between gap-2">
            <span className={cn("truncate", unread > 0 ? "font-semibold" : "font-medium")}>{displayName}</span>
            {/* Zero while rendered on the server: the time shows once the page runs. */}
            {now > 0 ? (
              <time dateTime={lastMessage.sentAt} className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
                {listTime(lastMessage.sentAt, new Date(now))}
              </time>
            ) : null}
          </span>
          <span className="flex items-center justify-between gap-2">
            <span
              className={cn(
                "truncate text-sm",
                unread > 0 ? "text-zinc-800 dark:text-zinc-200" : "text-zinc-600 dark:text-zinc-400",
                typing && "italic",
              )}
            >
              {typing ? "typing…" : preview(conversation)}
            </span>
            {unread > 0 ? (
              <span data-testid="unread-count" className="inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-brand px-1.5 text-xs font-semibold text-white">
                {unread}
                <span className="sr-only"> unread</span>
              </span>
            ) : null}
          </span>
        </span>
      </Link>
    </li>
  );
}
