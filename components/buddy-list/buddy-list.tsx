"use client";
// The WATCHER USER AGENT's list: my contacts by group, live.
import { useState } from "react";
import { NewGroupDialog } from "@/components/groups/new-group-dialog";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { UsersIcon } from "@/components/ui/icons";
import { buddyListSections, isOnline } from "@/lib/client/buddy-list/buddy-list-sections";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import { cn } from "@/lib/utils";
import { AddContactForm } from "./add-contact-form";
import { ContactGroupsDialog } from "./contact-groups-dialog";
import { ContactSection } from "./contact-section";
import { EmptyBuddyList, type Invitation } from "./empty-buddy-list";
import { GroupManager } from "./group-manager";

export function BuddyList({ className, invitation = null }: { className?: string; invitation?: Invitation }) {
  const { loaded, contacts, groups, me } = useBuddyList();
  const sections = buddyListSections(contacts, groups);
  const online = contacts.filter(isOnline).length;
  // While reconnecting, the list shows the last known presence; the next snapshot replaces it.
  const connected = useConnectionState().status === "connected";
  const stale = loaded && !connected;
  const [choosingFor, setChoosingFor] = useState<string | null>(null);
  const choosing = contacts.find((contact) => contact.username === choosingFor) ?? null;
  const [grouping, setGrouping] = useState(false);

  return (
    <Card aria-labelledby="buddy-list-title" className={cn("p-5", className)}>
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="buddy-list-title" className="text-lg font-semibold">
          Buddy list
        </h2>
        {contacts.length > 0 ? (
          <div className="flex items-baseline gap-2">
            <p className="text-sm text-zinc-500 dark:text-zinc-400">
              {online} of {contacts.length} online
            </p>
            {contacts.length >= 2 ? (
              <Button variant="outline" size="sm" aria-haspopup="dialog" onClick={() => setGrouping(true)}>
                <UsersIcon />
                Start group
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="mt-4 grid gap-5">
        <AddContactForm />
        {stale ? (
          <p className="rounded-md bg-away/15 px-3 py-2 text-sm text-zinc-700 dark:text-zinc-200">
            Not connected: statuses may be out of date.
          </p>
        ) : null}
        {!loaded ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading your contacts…</p>
        ) : contacts.length === 0 ? (
          <EmptyBuddyList username={me?.username ?? null} invitation={invitation} />
        ) : (
          sections.map((section) => (
            <ContactSection
              key={section.groupId ?? "ungrouped"}
              section={section}
              groups={groups}
              onChooseGroups={setChoosingFor}
            />
          ))
        )}
        {loaded ? <GroupManager groups={groups} /> : null}
      </div>
      <ContactGroupsDialog contact={choosing} groups={groups} onClose={() => setChoosingFor(null)} />
      <NewGroupDialog open={grouping} onClose={() => setGrouping(false)} />
    </Card>
  );
}
