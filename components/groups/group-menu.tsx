"use client";
// My own marks on a group (Pin, Mute, Mark as unread / read): the same menu as a one-to-one
// conversation's, in the list and in the group's header. None of it is told to the others.
import { MutedIcon, MoreIcon, PinIcon, UnreadDotIcon } from "@/components/chat/conversation-marks";
import { MenuButton, type MenuItem } from "@/components/ui/menu";
import { shownUnread } from "@/lib/client/im/conversation-marks";
import { useGroupClient } from "@/lib/client/react/client-context";
import type { ProtocolError } from "@/lib/protocol";
import type { GroupSummary } from "@/lib/protocol/groups";
import { cn } from "@/lib/utils";

type Props = {
  group: GroupSummary;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onError: (error: ProtocolError | null) => void;
  side?: "top" | "bottom";
  className?: string;
};

export function GroupMenu({ group, open, onOpenChange, onError, side, className }: Props) {
  const client = useGroupClient();
  const set = (flags: { pinned?: boolean; muted?: boolean; markedUnread?: boolean }) =>
    void client.command("set-flags", { groupId: group.id, ...flags }).then((ack) => {
      onError(ack.ok ? null : ack.error);
      if (ack.ok) client.store.dispatch({ type: "changed", summary: ack.data });
    });
  const read = () =>
    void client.markRead(group.id, group.lastMessage?.seq ?? group.lastReadSeq).then((ack) => onError(ack.ok ? null : ack.error));

  const items: MenuItem[] = [
    group.pinned
      ? { label: "Unpin", icon: <PinIcon className="size-3.5" />, onSelect: () => set({ pinned: false }) }
      : { label: "Pin", icon: <PinIcon className="size-3.5" />, onSelect: () => set({ pinned: true }) },
    group.muted
      ? { label: "Unmute", icon: <MutedIcon className="size-3.5" />, onSelect: () => set({ muted: false }) }
      : { label: "Mute", icon: <MutedIcon className="size-3.5" />, onSelect: () => set({ muted: true }) },
    shownUnread(group) > 0
      ? { label: "Mark as read", icon: <UnreadDotIcon className="size-3.5" />, onSelect: read }
      : { label: "Mark as unread", icon: <UnreadDotIcon className="size-3.5" />, onSelect: () => set({ markedUnread: true }) },
  ];
  return (
    <MenuButton label={`Conversation options for ${group.title}`} items={items} open={open} onOpenChange={onOpenChange} side={side} className={cn("shrink-0", className)}>
      <MoreIcon />
    </MenuButton>
  );
}
