"use client";
// A message's actions in one menu (one tab stop per message): reply, react, copy its text, edit
// and delete for everyone (mine, within 24 hours), and delete it from my inbox after asking. A
// long-press on the bubble opens the same menu on touch screens.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ArrowLeftIcon, CopyIcon, Icon, PencilIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { MenuButton, type MenuItem } from "@/components/ui/menu";

type Props = {
  body: string;
  mine: boolean;
  peerName: string;
  /** Set for a stored message: only those can be deleted. */
  onDelete: (() => void) | null;
  /** Set where allowed: a stored message that was not deleted for everyone. */
  onReply?: (() => void) | null;
  onReact?: (() => void) | null;
  /** Set for my own stored messages within 24 hours that were not deleted for everyone. */
  onEdit?: (() => void) | null;
  onRetract?: (() => void) | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  className?: string;
};

const MoreIcon = () => (
  <Icon className="size-4">
    <circle cx="5" cy="12" r="1" />
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
  </Icon>
);

export function MessageActions({ body, mine, peerName, onDelete, onReply, onReact, onEdit, onRetract, open, onOpenChange, className }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [retracting, setRetracting] = useState(false);
  const items: MenuItem[] = [];
  if (onReply) items.push({ label: "Reply", icon: <ArrowLeftIcon className="size-3.5" />, onSelect: onReply });
  if (onReact) items.push({ label: "React…", icon: <PlusIcon className="size-3.5" />, onSelect: onReact });
  if (body) {
    items.push({ label: "Copy text", icon: <CopyIcon className="size-3.5" />, onSelect: () => void navigator.clipboard?.writeText(body).catch(() => {}) });
  }
  if (onEdit) items.push({ label: "Edit", icon: <PencilIcon className="size-3.5" />, onSelect: onEdit });
  if (onRetract) {
    items.push({ label: "Delete for everyone…", tone: "destructive", icon: <TrashIcon className="size-3.5" />, onSelect: () => setRetracting(true) });
  }
  if (onDelete) items.push({ label: "Delete…", tone: "destructive", icon: <TrashIcon className="size-3.5" />, onSelect: () => setConfirming(true) });
  return (
    <>
      <MenuButton label="Message actions" items={items} open={open} onOpenChange={onOpenChange} align={mine ? "end" : "start"} className={className}>
        <MoreIcon />
      </MenuButton>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Delete this message?"
        description={`It disappears from your inbox, in all your tabs. ${mine ? `${peerName} keeps their copy.` : "The sender keeps theirs."}`}
      >
        <div className="flex justify-end gap-2">
          <Button variant="outline" autoFocus onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            variant="destructive"
            onClick={() => {
              setConfirming(false);
              onDelete?.();
            }}
          >
            Delete
          </Button>
        </div>
      </Dialog>
      <Dialog
        open={retracting}
        onClose={() => setRetracting(false)}
        title="Delete this message for everyone?"
        description={`${peerName} will see "message deleted" instead of it, in all their tabs.`}
      >
        <div className="flex justify-end gap-2">
          <Button variant="outline" autoFocus onClick={() => setRetracting(false)}>
            Cancel
          </Button>
          <Button
            variant="destructive"
            onClick={() => {
              setRetracting(false);
              onRetract?.();
            }}
          >
            Delete for everyone
          </Button>
        </div>
      </Dialog>
    </>
  );
}
