"use client";
// A group's header: its title, how many members, each member's presence dot as far as I may
// see it (from my buddy list: nothing for someone not in my contacts), my marks and their menu,
// and the button that opens the members panel.
import Link from "next/link";
import { useState } from "react";
import { ConversationMarkIcons, MarksError } from "@/components/chat/conversation-marks";
import { TONE_DOT } from "@/components/presence/availability-label";
import { Button, buttonVariants } from "@/components/ui/button";
import { ArrowLeftIcon, UsersIcon } from "@/components/ui/icons";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import type { ProtocolError } from "@/lib/protocol";
import type { GroupSummary } from "@/lib/protocol/groups";
import { cn } from "@/lib/utils";
import { GroupAvatar } from "./group-avatar";
import { GroupMembersPanel } from "./group-members-panel";
import { GroupMenu } from "./group-menu";

const SHOWN_DOTS = 8;

type Props = { group: GroupSummary; me: string; titleId: string };

export function GroupHeader({ group, me, titleId }: Props) {
  const [menuOpen, setMenuOpen] = useState(false);
  const [membersOpen, setMembersOpen] = useState(false);
  const [marksError, setMarksError] = useState<ProtocolError | null>(null);
  const { contacts } = useBuddyList();
  const others = group.members.filter((member) => member.username !== me);
  const withPresence = others.flatMap((member) => {
    const contact = contacts.find((candidate) => candidate.username === member.username);
    return contact ? [{ member, summary: presenceSummary(contact.presence) }] : [];
  });

  return (
    <header className="border-b border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
      <div className="flex items-center gap-3">
        <Link href="/messages" aria-label="All conversations" className={cn(buttonVariants({ variant: "ghost", size: "icon" }), "-ml-1 md:hidden")}>
          <ArrowLeftIcon />
        </Link>
        <GroupAvatar groupId={group.id} />
        <div className="min-w-0 flex-1">
          <div className="flex min-w-0 items-center gap-1">
            <h2 id={titleId} className="truncate font-semibold leading-tight" data-testid="group-title">
              {group.title}
            </h2>
            <ConversationMarkIcons conversation={group} />
          </div>
          <p className="flex flex-wrap items-center gap-x-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="group-presence">
            <span data-testid="member-count">
              {group.members.length} {group.members.length === 1 ? "member" : "members"}
            </span>
            {withPresence.length > 0 ? (
              <span className="inline-flex items-center gap-1">
                {withPresence.slice(0, SHOWN_DOTS).map(({ member, summary }) => (
                  <span
                    key={member.username}
                    data-testid="member-presence"
                    data-username={member.username}
                    title={`${member.displayName}: ${summary.label}`}
                    className={cn("inline-block size-2 rounded-full", TONE_DOT[summary.tone])}
                  >
                    <span className="sr-only">
                      {member.displayName}: {summary.label}
                    </span>
                  </span>
                ))}
                <span className="sr-only">(contacts only)</span>
              </span>
            ) : null}
          </p>
        </div>
        <Button variant="ghost" size="sm" aria-haspopup="dialog" onClick={() => setMembersOpen(true)} data-testid="members-button">
          <UsersIcon />
          <span className="max-sm:sr-only">Members</span>
        </Button>
        <GroupMenu group={group} open={menuOpen} onOpenChange={setMenuOpen} onError={setMarksError} side="bottom" />
      </div>
      <MarksError error={marksError} className="mt-2" />
      <GroupMembersPanel group={group} me={me} open={membersOpen} onClose={() => setMembersOpen(false)} />
    </header>
  );
}
