"use client";
// The owner's own marks on a conversation: its menu (Pin/Unpin, Mute/Unmute, Mark as unread /
// Mark as read), shared by the conversation list and the conversation's header, and the small
// icons that show a pin and a mute. None of it is ever told to the peer.
import { Icon, type IconProps } from "@/components/ui/icons";
import { MenuButton, type MenuItem } from "@/components/ui/menu";
import { sendCommand } from "@/lib/client/connection/commands";
import { shownUnread } from "@/lib/client/im/conversation-marks";
import { useInboxClient } from "@/lib/client/react/client-context";
import { useSocket } from "@/lib/client/react/use-socket";
import type { Ack, ConversationSummary, ProtocolError } from "@/lib/protocol";
import { cn } from "@/lib/utils";

export const PinIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M12 17v5M9 10.8V4h6v6.8l3 3.2v3H6v-3z" />
  </Icon>
);

export const MutedIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M8.7 3.7A6 6 0 0 1 18 8c0 3 .6 5 1.3 6.3M17 17H3s3-1 3-8c0-.5 0-1 .2-1.5M10 20a2 2 0 0 0 4 0M2 2l20 20" />
  </Icon>
);

export const UnreadDotIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="4" fill="currentColor" />
  </Icon>
);

export const MoreIcon = () => (
  <Icon className="size-4">
    <circle cx="5" cy="12" r="1" />
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
  </Icon>
);

/** The pin and mute icons beside a conversation's name, with words for screen readers. */
export function ConversationMarkIcons({ conversation }: { conversation: Pick<ConversationSummary, "pinned" | "muted"> }) {
  return (
    <>
      {conversation.pinned ? (
        <span data-testid="pinned-icon" className="shrink-0 text-zinc-500 dark:text-zinc-400" title="Pinned">
          <PinIcon className="size-3.5" />
          <span className="sr-only">pinned</span>
        </span>
      ) : null}
      {conversation.muted ? (
        <span data-testid="muted-icon" className="shrink-0 text-zinc-500 dark:text-zinc-400" title="Muted">
          <MutedIcon className="size-3.5" />
          <span className="sr-only">muted</span>
        </span>
      ) : null}
    </>
  );
}

type Props = {
  conversation: ConversationSummary;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onError: (error: ProtocolError | null) => void;
  side?: "top" | "bottom";
  className?: string;
};

/** The conversation's menu; the answer updates this tab at once, the others hear it from the server. */
export function ConversationMenu({ conversation, open, onOpenChange, onError, side, className }: Props) {
  const socket = useSocket();
  const { store } = useInboxClient();
  const { peer } = conversation;

  const apply = (ack: Ack<ConversationSummary | null>) => {
    onError(ack.ok ? null : ack.error);
    if (ack.ok && ack.data) store.dispatch({ type: "conversation-changed", summary: ack.data });
  };
  const set = (flags: { pinned?: boolean; muted?: boolean; markedUnread?: boolean }) =>
    void sendCommand(socket, "im:set-conversation", { peer, ...flags }).then(apply);
  // Marking read reads what is there (as opening it would), which also clears the mark.
  const read = () => void sendCommand(socket, "im:read", { peer, upToSeq: conversation.lastMessage.seq }).then(apply);

  const items: MenuItem[] = [
    conversation.pinned
      ? { label: "Unpin", icon: <PinIcon className="size-3.5" />, onSelect: () => set({ pinned: false }) }
      : { label: "Pin", icon: <PinIcon className="size-3.5" />, onSelect: () => set({ pinned: true }) },
    conversation.muted
      ? { label: "Unmute", icon: <MutedIcon className="size-3.5" />, onSelect: () => set({ muted: false }) }
      : { label: "Mute", icon: <MutedIcon className="size-3.5" />, onSelect: () => set({ muted: true }) },
    shownUnread(conversation) > 0
      ? { label: "Mark as read", icon: <UnreadDotIcon className="size-3.5" />, onSelect: read }
      : { label: "Mark as unread", icon: <UnreadDotIcon className="size-3.5" />, onSelect: () => set({ markedUnread: true }) },
  ];
  return (
    <MenuButton
      label={`Conversation options for ${conversation.displayName}`}
      items={items}
      open={open}
      onOpenChange={onOpenChange}
      side={side}
      className={cn("shrink-0", className)}
    >
      <MoreIcon />
    </MenuButton>
  );
}

/** A conversation menu's last error (too many pins), shown until the next choice. */
export function MarksError({ error, className }: { error: ProtocolError | null; className?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className={cn("rounded-md bg-busy/10 px-2.5 py-1.5 text-xs font-medium text-busy", className)}>
      {error.message}
    </p>
  );
}
