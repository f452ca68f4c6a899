"use client";
// One message in a conversation: the body in a bubble (mine on the right), the time, and for
// my messages where they are. A stored message can be deleted from my inbox; a refused one
// says why and offers Retry.
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { Button } from "@/components/ui/button";
import { TrashIcon } from "@/components/ui/icons";
import { clockTime } from "@/lib/client/format/message-time";
import type { TimelineMessage } from "@/lib/client/im/inbox-view";
import { sendFailureText } from "@/lib/client/im/send-failure";
import { cn } from "@/lib/utils";
import { MessageState } from "./message-state";
import { MessageText } from "./message-text";

type Props = {
  message: TimelineMessage;
  peerName: string;
  highlighted: boolean;
  onDelete: (id: string) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
};

export function MessageItem({ message, peerName, highlighted, onDelete, onRetry, onDiscard }: Props) {
  const mine = message.direction === "outgoing";
  const { id, clientId, error } = message;
  return (
    <li
      data-testid="message"
      data-direction={message.direction}
      data-seq={message.seq ?? undefined}
      className={cn("group flex", mine ? "justify-end pl-8 sm:pl-16" : "justify-start pr-8 sm:pr-16")}
    >
      <div className={cn("flex max-w-full flex-col", mine ? "items-end" : "items-start")}>
        <div
          className={cn(
            "rounded-2xl px-3.5 py-2 text-sm leading-relaxed transition-shadow",
            mine
              ? "rounded-br-md bg-brand text-white"
              : "rounded-bl-md bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100",
            highlighted && "ring-2 ring-away ring-offset-2 ring-offset-white dark:ring-offset-zinc-900",
          )}
        >
          <span className="sr-only">{mine ? "You" : peerName}: </span>
          <MessageText body={message.body} />
        </div>
        {/* Mine: the delete button leads, so time and state line up under the bubble's edge. */}
        <div className={cn("mt-0.5 flex min-h-6 items-center gap-2 px-1 text-xs text-zinc-500 dark:text-zinc-400", mine && "flex-row-reverse")}>
          {mine ? <MessageState state={message.state} /> : null}
          <time dateTime={message.sentAt} title={new Date(message.sentAt).toLocaleString()}>
            {clockTime(message.sentAt)}
          </time>
          {id ? (
            <ConfirmButton
              triggerLabel="Delete message"
              title="Delete this message?"
              description={`It disappears from your inbox, in all your tabs. ${mine ? `${peerName} keeps their copy.` : "The sender keeps theirs."}`}
              confirmLabel="Delete"
              onConfirm={() => onDelete(id)}
              triggerProps={{
                className:
                  "h-6 px-1.5 opacity-0 group-hover:opacity-100 group-focus-within:opacity-100 focus-visible:opacity-100 pointer-coarse:opacity-100",
              }}
            >
              <TrashIcon className="size-3.5" />
            </ConfirmButton>
          ) : null}
        </div>
        {message.state === "failed" && clientId ? (
          <div className="flex flex-wrap items-center justify-end gap-2 px-1 text-xs">
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
      </div>
    </li>
  );
}
