// Where my message is, as a compact tick whose name is the word (never colour alone): Sending…,
// Sent, Delivered, Read, or Not sent. The word is read out, and shown only for a failure; the
// visible "Read" line is MessageReadLine, under the last message read only.
import { AlertIcon, CheckCheckIcon, CheckIcon, ClockIcon } from "@/components/ui/icons";
import type { DeliveryState } from "@/lib/client/im/inbox-view";
import { cn } from "@/lib/utils";

const STATES: Record<DeliveryState, { label: string; Icon: typeof CheckIcon }> = {
  sending: { label: "Sending…", Icon: ClockIcon },
  sent: { label: "Sent", Icon: CheckIcon },
  delivered: { label: "Delivered", Icon: CheckCheckIcon },
  read: { label: "Read", Icon: CheckCheckIcon },
  failed: { label: "Not sent", Icon: AlertIcon },
};

export function MessageState({ state }: { state: DeliveryState }) {
  const { label, Icon } = STATES[state];
  const failed = state === "failed";
  return (
    <span
      data-testid="message-state"
      data-state={state}
      title={label}
      className={cn("inline-flex items-center gap-1", failed && "font-medium text-busy", state === "read" && "text-brand dark:text-indigo-300")}
    >
      <Icon className="size-3.5" />
      <span className={failed ? undefined : "sr-only"}>{label}</span>
    </span>
  );
}

/** The one "Read" line of a conversation, under the last of my messages the other side read. */
export function MessageReadLine() {
  // Hidden from screen readers: each tick already says "Read" where it applies.
  return (
    <p data-testid="read-line" aria-hidden className="px-1 text-xs text-zinc-600 dark:text-zinc-400">
      Read
    </p>
  );
}
