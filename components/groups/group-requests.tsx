"use client";
// Groups I was added to by someone not in my contacts: they wait among the message requests.
import Link from "next/link";
import { groupPath } from "@/lib/client/groups/group-view";
import type { GroupSummary } from "@/lib/protocol/groups";
import { cn } from "@/lib/utils";
import { GroupAvatar } from "./group-avatar";
import { memberName } from "./group-item";
import { GroupRequestActions } from "./group-request-actions";

/** Who added me: the actor of the line that added me, when I can see it. */
export function adderOf(group: GroupSummary, me: string): string | null {
  const event = group.lastMessage?.event;
  if (event?.kind === "added" && event.subject === me) return memberName(group, event.actor);
  if (event?.kind === "created") return memberName(group, event.actor);
  const creator = group.members.find((member) => member.role === "creator");
  return creator ? creator.displayName : null;
}

export function GroupRequestList({ requests, selected, me }: { requests: GroupSummary[]; selected: string | null; me: string }) {
  return requests.map((group) => (
    <li
      key={group.id}
      data-testid="group-request"
      data-group={group.id}
      className={cn("grid grid-cols-1 gap-2 rounded-lg border border-zinc-200 p-2.5 dark:border-zinc-800", selected === group.id && "border-brand/50")}
    >
      <Link href={groupPath(group.id)} className="flex min-w-0 items-center gap-3 rounded-md">
        <GroupAvatar groupId={group.id} size="sm" />
        <span className="grid min-w-0 grid-cols-1">
          <span className="truncate text-sm font-medium">{group.title}</span>
          <span className="truncate text-sm text-zinc-600 dark:text-zinc-300">
            {adderOf(group, me) ? `${adderOf(group, me)} added you · ` : ""}
            {group.members.length} members
          </span>
        </span>
      </Link>
      <GroupRequestActions groupId={group.id} title={group.title} adder={adderOf(group, me)} />
    </li>
  ));
}
