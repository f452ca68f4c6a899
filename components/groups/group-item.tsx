"use client";
// One group in the conversation list: its title, the newest message with its sender (or who is
// typing), when, how many are unread, an @ when a message mentions me, pin and mute, its menu.
import Link from "next/link";
import { useState } from "react";
import { ConversationMarkIcons, MarksError } from "@/components/chat/conversation-marks";
import { listTime } from "@/lib/client/format/message-time";
import { groupPath, systemLineText, typingText } from "@/lib/client/groups/group-view";
import { shownUnread } from "@/lib/client/im/conversation-marks";
import { useLongPress } from "@/lib/client/react/use-long-press";
import { useNow } from "@/lib/client/react/use-now";
import type { ProtocolError } from "@/lib/protocol";
import { attachmentSummary } from "@/lib/protocol/attachment-summary";
import type { GroupSummary } from "@/lib/protocol/groups";
import { cn } from "@/lib/utils";
import { GroupAvatar } from "./group-avatar";
import { GroupMenu } from "./group-menu";

/** A member's name as the group lists them. */
export const memberName = (group: GroupSummary, username: string) =>
  group.members.find((member) => member.username === username)?.displayName ?? username;

/** The newest message on one line. */
export function groupPreview(group: GroupSummary, me: string): string {
  const message = group.lastMessage;
  if (!message) return "No messages yet";
  if (message.event) return systemLineText(message.event, me, (username) => memberName(group, username));
  if (message.hidden) return "Message from someone you blocked";
  const text = message.retracted ? "Message deleted" : (message.body || attachmentSummary(message.attachments)).replace(/\s+/g, " ").slice(0, 140);
  return `${message.direction === "outgoing" ? "You" : memberName(group, message.sender)}: ${text}`;
}

type Props = { group: GroupSummary; me: string; selected: boolean; typing: readonly string[] };

export function GroupItem({ group, me, selected, typing }: Props) {
  const now = useNow();
  const [menuOpen, setMenuOpen] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);
  const longPress = useLongPress(() => setMenuOpen(true));
  const unread = shownUnread(group);
  const typers = typing.map((username) => memberName(group, username));
  return (
    <li className="grid grid-cols-1 gap-1">
      <div
        className={cn(
          "flex items-center gap-1 rounded-lg pr-1 hover:bg-zinc-100 dark:hover:bg-zinc-800/70",
          selected && "bg-brand/10 hover:bg-brand/15 dark:bg-indigo-400/15 dark:hover:bg-indigo-400/20",
        )}
      >
        <Link
          href={groupPath(group.id)}
          aria-current={selected ? "page" : undefined}
          data-testid="group-item"
          data-group={group.id}
          data-unread={unread > 0 ? "true" : undefined}
          {...longPress}
          className="flex min-w-0 flex-1 items-center gap-3 rounded-lg py-2 pl-2.5 [-webkit-touch-callout:none]"
        >
          <GroupAvatar groupId={group.id} />
          <span className="grid min-w-0 flex-1 grid-cols-1">
            <span className="flex items-baseline justify-between gap-2">
              <span className="flex min-w-0 items-center gap-1">
                <span className={cn("truncate", unread > 0 ? "font-semibold" : "font-medium")}>{group.title}</span>
                <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                  <span aria-hidden>· </span>
                  {group.members.length}
                  <span className="sr-only"> members</span>
                </span>
                <ConversationMarkIcons conversation={group} />
              </span>
              {now > 0 && group.lastMessage ? (
                <time dateTime={group.lastMessage.sentAt} className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
                  {listTime(group.lastMessage.sentAt, new Date(now))}
                </time>
              ) : null}
            </span>
            <span className="flex items-center justify-between gap-2">
              <span
                className={cn(
                  "truncate text-sm",
                  unread > 0 ? "text-zinc-800 dark:text-zinc-200" : "text-zinc-600 dark:text-zinc-400",
                  typers.length > 0 && "italic",
                )}
              >
                {typers.length > 0 ? typingText(typers) : groupPreview(group, me)}
              </span>
              <span className="flex shrink-0 items-center gap-1">
                {group.mentioned ? (
                  <span data-testid="mention-marker" title="You were mentioned" className="inline-flex size-5 items-center justify-center rounded-full bg-away text-xs font-bold text-zinc-900">
                    @<span className="sr-only"> you were mentioned</span>
                  </span>
                ) : null}
                {unread > 0 ? (
                  <span data-testid="unread-count" className="inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-brand px-1.5 text-xs font-semibold text-white">
                    {unread}
                    <span className="sr-only"> unread</span>
                  </span>
                ) : null}
              </span>
            </span>
          </span>
        </Link>
        <GroupMenu group={group} open={menuOpen} onOpenChange={setMenuOpen} onError={setError} side="bottom" />
      </div>
      <MarksError error={error} className="mx-2.5" />
    </li>
  );
}
