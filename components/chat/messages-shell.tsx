"use client";
// The messages pages: the conversation list beside the open conversation on wide screens; on
// a phone one or the other, as separate views (the conversation has a way back).
import { useSelectedLayoutSegment } from "next/navigation";
import { Card } from "@/components/ui/card";
import { groupIdOfSegment } from "@/lib/client/groups/group-view";
import { parseInboxAddress } from "@/lib/client/im/inbox-address";
import { cn } from "@/lib/utils";
import { InboxSidebar } from "./inbox-sidebar";

function decoded(segment: string | null): string | null {
  if (segment === null) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The route's peer segment as a username (the list marks it as the open one). */
function selectedPeer(segment: string | null): string | null {
  if (segment === null) return null;
  try {
    const parsed = parseInboxAddress(segment);
    return parsed.ok ? parsed.username : null;
  } catch {
    return null;
  }
}

export function MessagesShell({ children }: { children: React.ReactNode }) {
  const segment = decoded(useSelectedLayoutSegment());
  const group = segment === null ? null : groupIdOfSegment(segment);
  const peer = group === null ? selectedPeer(segment) : null;
  const open = peer !== null || group !== null;
  return (
    // The viewport below the header (two rows on a phone, one from `sm`) and the page's padding.
    <div className="grid h-[calc(100dvh-8.5rem)] min-h-[26rem] grid-cols-1 gap-4 sm:h-[calc(100dvh-6.5rem)] md:grid-cols-[19rem_minmax(0,1fr)] lg:grid-cols-[21rem_minmax(0,1fr)]">
      <h1 className="sr-only">Messages</h1>
      <Card className={cn("flex min-h-0 flex-col p-3", open && "max-md:hidden")} aria-label="Inbox">
        <InboxSidebar selected={peer} selectedGroup={group} />
      </Card>
      {/* Clipped, not hidden: a hidden overflow can still be scrolled by scripts, and would slide the conversation out of view. */}
      <Card className={cn("flex min-h-0 flex-col overflow-clip p-0", !open && "max-md:hidden")}>{children}</Card>
    </div>
  );
}
