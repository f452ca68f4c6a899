"use client";
// One message in a conversation: the body in a bubble (mine on the right), grouped with its
// neighbours from the same side (tighter, the tail on the group's last bubble only). Beside it
// the time (shown on hover or focus, always in the text for screen readers), for mine a compact
// tick, and one menu of actions (one tab stop; a long-press opens it on touch). The DOM follows
// what is on screen from left to right, so the tab order does too. A refused one says why and
// offers Retry. Above the text, the quote of the message it replies to (a button that jumps
// there); under it, the reactions; "edited" beside the time; a message deleted for everyone is a
// tombstone in muted italics.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { clockTime } from "@/lib/client/format/message-time";
import type { GroupPosition } from "@/lib/client/im/message-groups";
import type { TimelineMessage } from "@/lib/client/im/inbox-view";
import { sendFailureText } from "@/lib/client/im/send-failure";
import { useLongPress } from "@/lib/client/react/use-long-press";
import { cn } from "@/lib/utils";
import { changeWindowOpen } from "@/lib/protocol/message-changes";
import { MessageActions } from "./message-actions";
import { ReactionChips } from "./reaction-chips";
import { ReactionPicker } from "./reaction-picker";
import { ReplyQuote } from "./reply-quote";
import { MessageAttachments } from "./message-attachments";
import { MessageReadLine, MessageState } from "./message-state";
import { MessageText } from "./message-text";

/** What can be done to a stored message besides deleting it from my inbox. */
export type MessageChangeHandlers = {
  onReply: (message: TimelineMessage) => void;
  onEdit: (message: TimelineMessage) => void;
  onRetract: (id: string) => void;
  onReact: (id: string, emoji: string, on: boolean) => void;
  /** Brings a message into view (the target of a reply). */
  onJump: (seq: number) => void;
};

type Props = MessageChangeHandlers & {
  message: TimelineMessage;
  /** The other side's username (reactions name it) and display name. */
  peer: string;
  peerName: string;
  /** The clock (ms) that decides whether my message may still be edited. */
  now: number;
  highlighted: boolean;
  position: GroupPosition;
  /** The last of my messages they read: the one that shows "Read". */
  lastRead: boolean;
  onDelete: (id: string) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
};

/** Shown while the pointer is over the message or focus is inside it; transparent, not hidden, so screen readers keep it. */
const ON_HOVER = "opacity-0 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100";

export function MessageItem(props: Props) {
  const { message, peer, peerName, highlighted, position, lastRead, onDelete, onRetry, onDiscard } = props;
  const mine = message.direction === "outgoing";
  const { id, clientId, error, retracted } = message;
  const [menuOpen, setMenuOpen] = useState(false);
  const [picking, setPicking] = useState(false);
  const changeable = id !== null && !retracted;
  const rewritable = changeable && mine && changeWindowOpen(message.sentAt, props.now);
  const longPress = useLongPress(() => setMenuOpen(true));
  const startsGroup = position === "single" || position === "first";

  const bubble = (
    <div
      {...longPress}
      className={cn(
        "min-w-0 rounded-2xl px-3.5 py-2 text-sm leading-relaxed transition-shadow [-webkit-touch-callout:none]",
        mine ? "bg-brand text-white" : "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100",
        // The tail only on the group's last bubble; the joined corners tighter.
        // Within a group the corners on my side tighten; the group's last one keeps the tail.
        mine ? cn("rounded-br-md", !startsGroup && "rounded-tr-md") : cn("rounded-bl-md", !startsGroup && "rounded-tl-md"),
        highlighted && "ring-2 ring-away ring-offset-2 ring-offset-white dark:ring-offset-zinc-900",
      )}
    >
      {message.replyTo && !retracted ? <ReplyQuote quote={message.replyTo} mine={mine} peerName={peerName} onJump={props.onJump} /> : null}
      <span className="sr-only">{mine ? "You" : peerName}: </span>
      {retracted ? (
        <span data-testid="message-deleted" className="italic opacity-70">
          message deleted
        </span>
      ) : (
        <>
          <MessageAttachments attachments={message.attachments} mine={mine} />
          {message.pendingAttachments > 0 ? (
            <p className="text-xs opacity-80">
              {message.pendingAttachments === 1 ? "1 file" : `${message.pendingAttachments} files`}
            </p>
          ) : null}
          {message.body ? <MessageText body={message.body} /> : null}
        </>
      )}
    </div>
  );
  const time = (
    <time dateTime={message.sentAt} title={new Date(message.sentAt).toLocaleString()} className={cn("shrink-0 tabular-nums", ON_HOVER)}>
      {clockTime(message.sentAt)}
    </time>
  );
  const edited =
    message.editedAt && !retracted ? (
      <span data-testid="edited" title={`Edited ${new Date(message.editedAt).toLocaleString()}`} className="shrink-0">
        edited
      </span>
    ) : null;
  const actions = (
    <MessageActions
      body={message.body}
      mine={mine}
      peerName={peerName}
      onDelete={id ? () => onDelete(id) : null}
      onReply={changeable ? () => props.onReply(message) : null}
      onReact={changeable ? () => setPicking(true) : null}
      onEdit={rewritable ? () => props.onEdit(message) : null}
      onRetract={rewritable ? () => props.onRetract(id) : null}
      open={menuOpen}
      onOpenChange={setMenuOpen}
      className={menuOpen ? undefined : ON_HOVER}
    />
  );

  return (
    <li
      data-testid="message"
      data-direction={message.direction}
      data-seq={message.seq ?? undefined}
      data-id={id ?? undefined}
      data-group={position}
      className={cn("group flex flex-col", mine ? "items-end pl-8 sm:pl-16" : "items-start pr-8 sm:pr-16", startsGroup && "mt-2")}
    >
      <div className="flex max-w-full items-end gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
        {mine ? (
          <>
            {actions}
            {edited}
            {time}
            {message.state === "failed" ? null : <MessageState state={message.state} />}
            {bubble}
          </>
        ) : (
          <>
            {bubble}
            {time}
            {edited}
            {actions}
          </>
        )}
      </div>
      {id && !retracted ? (
        <ReactionChips
          reactions={message.reactions}
          peer={peer}
          peerName={peerName}
          mine={mine}
          onToggle={(emoji, on) => props.onReact(id, emoji, on)}
        />
      ) : null}
      {id ? (
        <ReactionPicker
          open={picking}
          onClose={() => setPicking(false)}
          reactions={message.reactions}
          onToggle={(emoji, on) => props.onReact(id, emoji, on)}
        />
      ) : null}
      {lastRead ? <MessageReadLine /> : null}
      {message.state === "failed" && clientId ? (
        <div className="mt-0.5 flex flex-wrap items-center justify-end gap-2 px-1 text-xs">
          <MessageState state="failed" />
          <p role="alert" className="font-medium text-busy">
            {error ? sendFailureText(error) : "Not sent."}
          </p>
          <Button size="sm" variant="outline" className="h-7" onClick={() => onRetry(clientId)}>
            Retry
          </Button>
          <Button size="sm" variant="ghost" className="h-7" onClick={() => onDiscard(clientId)}>
            Discard
          </Button>
        </div>
      ) : null}
    </li>
  );
}
