"use client";
// One conversation in the list: who, the newest message (or that they are typing), when, how
// many are unread (at least one when marked unread), whether it is pinned or muted, and its
// menu (one tab stop after the link; a long-press opens it on touch screens).
import { attachmentSummary } from "@/lib/protocol/attachment-summary";
import Link from "next/link";
import { useState } from "react";
import { Avatar } from "@/components/presence/avatar";
import { listTime } from "@/lib/client/format/message-time";
import { shownUnread } from "@/lib/client/im/conversation-marks";
import type { PresenceTone } from "@/lib/client/presence/presence-display";
import { useLongPress } from "@/lib/client/react/use-long-press";
import { useNow } from "@/lib/client/react/use-now";
import type { ConversationSummary, ProtocolError } from "@/lib/protocol";
import { cn } from "@/lib/utils";
import { ConversationMarkIcons, ConversationMenu, MarksError } from "./conversation-marks";

type Props = { conversation: ConversationSummary; selected: boolean; typing: boolean; tone?: PresenceTone };

/** The newest message on one line. */
function preview(conversation: ConversationSummary): string {
  const { body, attachments, retracted } = conversation.lastMessage;
  const text = retracted ? "Message deleted" : (body || attachmentSummary(attachments)).replace(/\s+/g, " ").slice(0, 140);
  return conversation.lastMessage.direction === "outgoing" ? `You: ${text}` : text;
}

export function ConversationItem({ conversation, selected, typing, tone }: Props) {
  const now = useNow();
  const [menuOpen, setMenuOpen] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);
  const longPress = useLongPress(() => setMenuOpen(true));
  const { peer, displayName, lastMessage } = conversation;
  const unread = shownUnread(conversation);
  return (
    <li className="grid grid-cols-1 gap-1">
      <div
        className={cn(
          "flex items-center gap-1 rounded-lg pr-1 hover:bg-zinc-100 dark:hover:bg-zinc-800/70",
          selected && "bg-brand/10 hover:bg-brand/15 dark:bg-indigo-400/15 dark:hover:bg-indigo-400/20",
        )}
      >
        <Link
          href={`/messages/${encodeURIComponent(peer)}`}
          aria-current={selected ? "page" : undefined}
          data-testid="conversation-item"
          data-peer={peer}
          data-unread={unread > 0 ? "true" : undefined}
          {...longPress}
          className="flex min-w-0 flex-1 items-center gap-3 rounded-lg py-2 pl-2.5 [-webkit-touch-callout:none]"
        >
          <Avatar username={peer} displayName={displayName} tone={tone} />
          <span className="grid min-w-0 flex-1 grid-cols-1">
            <span className="flex items-baseline justify-between gap-2">
              <span className="flex min-w-0 items-center gap-1">
                <span className={cn("truncate", unread > 0 ? "font-semibold" : "font-medium")}>{displayName}</span>
                <ConversationMarkIcons conversation={conversation} />
              </span>
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
        <ConversationMenu conversation={conversation} open={menuOpen} onOpenChange={setMenuOpen} onError={setError} side="bottom" />
      </div>
      <MarksError error={error} className="mx-2.5" />
    </li>
  );
}
