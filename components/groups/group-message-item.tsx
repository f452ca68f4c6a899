"use client";
// One line of a group: a system line (centred, "alice added carol"), a collapsed message from
// someone I block, or a message: the sender's name above the first of their run, the bubble
// (mine on the right) with its reply quote, attachments, text or "message deleted", reactions,
// the time and "edited", one menu of actions, and for my newest message its receipts.
import { useState } from "react";
import { MessageActions } from "@/components/chat/message-actions";
import { MessageAttachments } from "@/components/chat/message-attachments";
import { MessageState } from "@/components/chat/message-state";
import { MessageText } from "@/components/chat/message-text";
import { ReactionChips } from "@/components/chat/reaction-chips";
import { ReactionPicker } from "@/components/chat/reaction-picker";
import { Button } from "@/components/ui/button";
import { clockTime } from "@/lib/client/format/message-time";
import { systemLineText, type GroupTimelineMessage } from "@/lib/client/groups/group-view";
import { sendFailureText } from "@/lib/client/im/send-failure";
import { useLongPress } from "@/lib/client/react/use-long-press";
import { changeWindowOpen } from "@/lib/protocol/message-changes";
import { cn } from "@/lib/utils";
import { GroupReceiptsLine } from "./group-receipts";

export type GroupMessageHandlers = {
  onReply: (message: GroupTimelineMessage) => void;
  onEdit: (message: GroupTimelineMessage) => void;
  onRetract: (id: string) => void;
  onReact: (id: string, emoji: string, on: boolean) => void;
  onJump: (seq: number) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
};

type Props = GroupMessageHandlers & {
  message: GroupTimelineMessage;
  me: string;
  nameOf: (username: string) => string;
  now: number;
  startsRun: boolean;
  showReceipts: boolean;
  highlighted: boolean;
};

const ON_HOVER = "opacity-0 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100";

export function GroupMessageItem(props: Props) {
  const { message, me, nameOf, startsRun, highlighted } = props;
  const mine = message.direction === "outgoing";
  const { id, clientId, retracted } = message;
  const [menuOpen, setMenuOpen] = useState(false);
  const [picking, setPicking] = useState(false);
  const longPress = useLongPress(() => setMenuOpen(true));
  const sender = mine ? "You" : nameOf(message.sender);

  if (message.event) {
    return (
      <li data-testid="system-line" data-seq={message.seq ?? undefined} className="my-1 flex justify-center px-4">
        <p className="rounded-full bg-zinc-100 px-3 py-0.5 text-center text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          {systemLineText(message.event, me, nameOf)}
          <span className="sr-only">, {clockTime(message.sentAt)}</span>
        </p>
      </li>
    );
  }
  if (message.hidden) {
    return (
      <li data-testid="hidden-message" data-seq={message.seq ?? undefined} className="mt-2 flex items-start pr-8 sm:pr-16">
        <p className="rounded-2xl border border-dashed border-zinc-300 px-3.5 py-1.5 text-xs text-zinc-500 italic dark:border-zinc-700 dark:text-zinc-400">
          Message from someone you blocked
        </p>
      </li>
    );
  }

  const changeable = id !== null && !retracted;
  const rewritable = changeable && mine && changeWindowOpen(message.sentAt, props.now);
  const bubble = (
    <div
      {...longPress}
      className={cn(
        "min-w-0 rounded-2xl px-3.5 py-2 text-sm leading-relaxed [-webkit-touch-callout:none]",
        mine ? "bg-brand text-white" : "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100",
        mine ? cn("rounded-br-md", !startsRun && "rounded-tr-md") : cn("rounded-bl-md", !startsRun && "rounded-tl-md"),
        highlighted && "ring-2 ring-away ring-offset-2 ring-offset-white dark:ring-offset-zinc-900",
        message.mentionsYou && !mine && "ring-2 ring-away/70",
      )}
    >
      {message.replyTo && !retracted ? (
        message.replyTo.available ? (
          <button
            type="button"
            data-testid="reply-quote"
            onClick={() => message.replyTo?.available && props.onJump(message.replyTo.seq)}
            className={cn(
              "mb-1 line-clamp-2 w-full max-w-full rounded-lg border-l-4 px-2.5 py-1 text-left text-xs break-words hover:opacity-90",
              mine ? "border-white/60 bg-black/20 text-white" : "border-zinc-400 bg-white/70 text-zinc-700 dark:bg-zinc-900/50 dark:text-zinc-300",
            )}
          >
            <span className="sr-only">Go to the message this replies to: </span>
            <span className="font-semibold">{message.replyTo.sender === me ? "You" : nameOf(message.replyTo.sender)}: </span>
            {message.replyTo.body}
          </button>
        ) : (
          <p data-testid="reply-quote" className="mb-1 rounded-lg border-l-4 border-zinc-400 px-2.5 py-1 text-xs italic">
            Reply to a message that was deleted
          </p>
        )
      ) : null}
      <span className="sr-only">{sender}: </span>
      {retracted ? (
        <span data-testid="message-deleted" className="italic opacity-70">
          message deleted
        </span>
      ) : (
        <>
          <MessageAttachments attachments={message.attachments} mine={mine} />
          {message.pendingAttachments > 0 ? (
            <p className="text-xs opacity-80">{message.pendingAttachments === 1 ? "1 file" : `${message.pendingAttachments} files`}</p>
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
      <span data-testid="edited" className="shrink-0">
        edited
      </span>
    ) : null;
  const actions = (
    <MessageActions
      body={message.body}
      mine={mine}
      peerName={sender}
      onDelete={null}
      onReply={changeable ? () => props.onReply(message) : null}
      onReact={changeable ? () => setPicking(true) : null}
      onEdit={rewritable ? () => props.onEdit(message) : null}
      onRetract={rewritable && id ? () => props.onRetract(id) : null}
      open={menuOpen}
      onOpenChange={setMenuOpen}
      className={menuOpen ? undefined : ON_HOVER}
    />
  );

  return (
    <li
      data-testid="message"
      data-direction={message.direction}
      data-sender={message.sender}
      data-seq={message.seq ?? undefined}
      data-id={id ?? undefined}
      className={cn("group flex flex-col", mine ? "items-end pl-8 sm:pl-16" : "items-start pr-8 sm:pr-16", startsRun && "mt-2")}
    >
      {startsRun && !mine ? (
        <p data-testid="sender-name" className="mb-0.5 px-1 text-xs font-semibold text-zinc-600 dark:text-zinc-300" aria-hidden>
          {sender}
        </p>
      ) : null}
      <div className="flex max-w-full items-end gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
        {mine ? (
          <>
            {actions}
            {edited}
            {time}
            {message.state === "sending" ? <MessageState state="sending" /> : null}
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
          peer=""
          peerName=""
          nameOf={(user) => (user === me ? "you" : nameOf(user))}
          mine={mine}
          onToggle={(emoji, on) => props.onReact(id, emoji, on)}
        />
      ) : null}
      {id ? (
        <ReactionPicker open={picking} onClose={() => setPicking(false)} reactions={message.reactions} onToggle={(emoji, on) => props.onReact(id, emoji, on)} />
      ) : null}
      {props.showReceipts && id && message.receipts ? <GroupReceiptsLine messageId={id} receipts={message.receipts} nameOf={nameOf} /> : null}
      {message.state === "failed" && clientId ? (
        <div className="mt-0.5 flex flex-wrap items-center justify-end gap-2 px-1 text-xs">
          <MessageState state="failed" />
          <p role="alert" className="font-medium text-busy">
            {message.error ? sendFailureText(message.error) : "Not sent."}
          </p>
          <Button size="sm" variant="outline" className="h-7" onClick={() => props.onRetry(clientId)}>
            Retry
          </Button>
          <Button size="sm" variant="ghost" className="h-7" onClick={() => props.onDiscard(clientId)}>
            Discard
          </Button>
        </div>
      ) : null}
    </li>
  );
}
