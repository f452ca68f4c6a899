"use client";
// One contact on the buddy list: who they are, their presence in colour and words, their note,
// when they were last seen, and (on request) details and what I can do with them.
import Link from "next/link";
import { useId, useState } from "react";
import { AvailabilityLabel } from "@/components/presence/availability-label";
import { Avatar } from "@/components/presence/avatar";
import { LastSeen } from "@/components/presence/last-seen";
import { PresenceDetails } from "@/components/presence/presence-details";
import { Button, buttonVariants } from "@/components/ui/button";
import { ChatIcon, ChevronDownIcon } from "@/components/ui/icons";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import type { Contact, ContactGroup } from "@/lib/protocol";
import { cn } from "@/lib/utils";
import { ContactActions } from "./contact-actions";

type Props = { contact: Contact; groups: ContactGroup[]; onChooseGroups: (username: string) => void };

export function ContactRow({ contact, groups, onChooseGroups }: Props) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const { presence } = contact;
  const pending = contact.subscription === "pending";
  const summary = presenceSummary(presence);
  const { note, lastSeenAt } = presence.status;

  return (
    <li data-testid="contact" data-username={contact.username} className="py-2.5">
      <div className="flex items-start gap-3">
        <Avatar username={contact.username} displayName={presence.displayName} tone={summary.tone} />
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-baseline gap-x-2">
            <span className="truncate font-medium">{presence.displayName}</span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">@{contact.username}</span>
          </p>
          <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs">
            {pending ? (
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                Pending
              </span>
            ) : null}
            {/* Before approval their rules may still show open/closed. */}
            {!pending || summary.tone !== "unknown" ? <AvailabilityLabel summary={summary} /> : null}
            {pending ? <span className="text-zinc-500 dark:text-zinc-400">waiting for their approval</span> : null}
            {summary.tone === "offline" && lastSeenAt ? <LastSeen at={lastSeenAt} /> : null}
          </p>
          {note ? <p className="mt-1 text-sm break-words text-zinc-700 dark:text-zinc-300">{note}</p> : null}
        </div>
        <Link
          href={`/messages/${encodeURIComponent(contact.username)}`}
          aria-label={`Message ${presence.displayName}`}
          title="Message"
          className={buttonVariants({ variant: "ghost", size: "sm" })}
        >
          <ChatIcon />
        </Link>
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={open}
          aria-controls={panelId}
          aria-label={`Details for ${presence.displayName}`}
          onClick={() => setOpen(!open)}
        >
          <ChevronDownIcon className={cn("transition-transform", open && "rotate-180")} />
        </Button>
      </div>
      <div id={panelId} hidden={!open} className="mt-3 grid sm:ml-13 gap-3 rounded-lg bg-zinc-50 p-3 dark:bg-zinc-800/50">
        {open ? (
          <>
            <PresenceDetails view={presence} />
            <ContactActions contact={contact} groups={groups} onChooseGroups={onChooseGroups} />
          </>
        ) : null}
      </div>
    </li>
  );
}
