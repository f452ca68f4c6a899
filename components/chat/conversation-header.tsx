"use client";
// Who the conversation is with: name, address and live presence (as far as they share it),
// the owner's marks on it (pin, mute, unread: the same menu as in the list), and deleting the
// whole conversation.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AvailabilityLabel } from "@/components/presence/availability-label";
import { Avatar } from "@/components/presence/avatar";
import { LastSeen } from "@/components/presence/last-seen";
import { buttonVariants } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { ArrowLeftIcon, TrashIcon } from "@/components/ui/icons";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useCommand } from "@/lib/client/react/use-command";
import type { PeerPresence } from "@/lib/client/react/use-peer-presence";
import type { ConversationSummary, ProtocolError } from "@/lib/protocol";
import { cn } from "@/lib/utils";
import { ConversationMarkIcons, ConversationMenu, MarksError } from "./conversation-marks";

type Props = {
  peer: string;
  name: string;
  titleId: string;
  presence: PeerPresence;
  canDelete: boolean;
  /** The conversation as the inbox lists it; null before its first message. */
  conversation: ConversationSummary | null;
};

export function ConversationHeader({ peer, name, titleId, presence, canDelete, conversation }: Props) {
  const router = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  const [marksError, setMarksError] = useState<ProtocolError | null>(null);
  const remove = useCommand("im:delete-conversation");
  const summary = presence.view ? presenceSummary(presence.view) : null;
  const lastSeenAt = presence.view?.status.lastSeenAt;

  return (
    <header className="border-b border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
      <div className="flex items-center gap-3">
        <Link href="/messages" aria-label="All conversations" className={cn(buttonVariants({ variant: "ghost", size: "icon" }), "-ml-1 md:hidden")}>
          <ArrowLeftIcon />
        </Link>
        <Avatar username={peer} displayName={name} tone={summary?.tone} />
        <div className="min-w-0 flex-1">
          <div className="flex min-w-0 items-center gap-1">
            <h2 id={titleId} className="truncate font-semibold leading-tight">
              {name}
            </h2>
            {conversation ? <ConversationMarkIcons conversation={conversation} /> : null}
          </div>
          <p className="flex flex-wrap items-center gap-x-2 text-xs" data-testid="conversation-presence">
            <span className="text-zinc-500 dark:text-zinc-400">im:{peer}</span>
            {summary ? (
              <AvailabilityLabel summary={summary} />
            ) : null}
            {summary?.tone === "offline" && lastSeenAt ? <LastSeen at={lastSeenAt} /> : null}
          </p>
        </div>
        {conversation ? (
          <ConversationMenu conversation={conversation} open={menuOpen} onOpenChange={setMenuOpen} onError={setMarksError} side="bottom" />
        ) : null}
        {canDelete ? (
          <ConfirmButton
            triggerLabel="Delete conversation"
            title={`Delete your conversation with ${name}?`}
            description={`All its messages disappear from your inbox, in all your tabs. ${name} keeps their copy. A new message starts it again.`}
            confirmLabel="Delete conversation"
            disabled={remove.pending}
            onConfirm={async () => {
              if ((await remove.run({ peer })).ok) router.push("/messages");
            }}
          >
            <TrashIcon />
          </ConfirmButton>
        ) : null}
      </div>
      <FormError error={remove.error} className="mt-2" />
      <MarksError error={marksError} className="mt-2" />
    </header>
  );
}
