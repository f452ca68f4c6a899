"use client";
// First messages from people not in my contacts wait here until I accept, decline or block.
import Link from "next/link";
import { Avatar } from "@/components/presence/avatar";
import { GroupRequestList } from "@/components/groups/group-requests";
import type { ConversationSummary } from "@/lib/protocol";
import type { GroupSummary } from "@/lib/protocol/groups";
import { cn } from "@/lib/utils";
import { RequestActions } from "./request-actions";

type Props = { requests: ConversationSummary[]; groupRequests?: GroupSummary[]; selected: string | null; me?: string };

export function MessageRequests({ requests, groupRequests = [], selected, me = "" }: Props) {
  if (requests.length === 0 && groupRequests.length === 0) return null;
  return (
    <section aria-labelledby="message-requests-title" className="grid grid-cols-1 gap-1" data-testid="message-requests">
      <h2 id="message-requests-title" className="flex items-center gap-2 px-2.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        Message requests
        <span className="inline-flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-busy px-1 text-[0.6875rem] text-white">
          {requests.length + groupRequests.length}
        </span>
      </h2>
      <ul className="grid grid-cols-1 gap-1">
        {requests.map((request) => (
          <li
            key={request.peer}
            data-testid="message-request"
            data-peer={request.peer}
            className={cn("grid grid-cols-1 gap-2 rounded-lg border border-zinc-200 p-2.5 dark:border-zinc-800", selected === request.peer && "border-brand/50")}
          >
            <Link href={`/messages/${encodeURIComponent(request.peer)}`} className="flex min-w-0 items-center gap-3 rounded-md">
              <Avatar username={request.peer} displayName={request.displayName} size="sm" />
              <span className="grid min-w-0 grid-cols-1">
                <span className="truncate text-sm font-medium">
                  {request.displayName} <span className="font-normal text-zinc-500 dark:text-zinc-400">@{request.peer}</span>
                </span>
                <span className="truncate text-sm text-zinc-600 dark:text-zinc-300">{request.lastMessage.body}</span>
              </span>
            </Link>
            <RequestActions peer={request.peer} name={request.displayName} />
          </li>
        ))}
        <GroupRequestList requests={groupRequests} selected={selected} me={me} />
      </ul>
    </section>
  );
}
