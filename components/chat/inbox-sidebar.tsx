"use client";
// The INBOX USER AGENT's list: search, a new conversation, message requests, then my
// conversations, newest first.
import { useState } from "react";
import { GroupItem } from "@/components/groups/group-item";
import { conversationList } from "@/lib/client/groups/group-view";
import { splitConversations } from "@/lib/client/im/inbox-view";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import { useGroups } from "@/lib/client/react/use-groups";
import { useInbox } from "@/lib/client/react/use-inbox";
import { ConversationItem } from "./conversation-item";
import { DesktopNotificationsToggle } from "./desktop-notifications-toggle";
import { MessageRequests } from "./message-requests";
import { MessageSearchForm, MessageSearchResults, type SearchResults } from "./message-search";
import { NewMessageForm } from "./new-message-form";

/** `selected`: the open conversation's peer, or `group:<id>` for a group. */
export function InboxSidebar({ selected, selectedGroup = null }: { selected: string | null; selectedGroup?: string | null }) {
  const { loaded, conversations, typing } = useInbox();
  const groups = useGroups();
  const me = useConnectionState().session?.user.username ?? "";
  const { contacts } = useBuddyList();
  const [results, setResults] = useState<SearchResults | null>(null);
  const { accepted, requests } = splitConversations(conversations);
  const entries = conversationList(accepted, groups.groups.filter((group) => group.state !== "request"));
  const groupRequests = groups.groups.filter((group) => group.state === "request");
  const toneOf = (peer: string) => {
    const contact = contacts.find((candidate) => candidate.username === peer);
    return contact ? presenceSummary(contact.presence).tone : undefined;
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <div className="grid gap-2">
        <MessageSearchForm onResults={setResults} />
        <NewMessageForm />
      </div>
      <div className="-mx-1 grid min-h-0 flex-1 grid-cols-1 content-start gap-4 overflow-y-auto px-1">
        {results ? (
          <MessageSearchResults results={results} conversations={conversations} groups={groups.groups} onMore={setResults} onClose={() => setResults(null)} />
        ) : (
          <>
            <MessageRequests requests={requests} groupRequests={groupRequests} selected={selected ?? selectedGroup} me={me} />
            <section aria-labelledby="conversations-title" className="grid grid-cols-1 gap-1">
              <h2 id="conversations-title" className="px-2.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
                Conversations
              </h2>
              {!loaded ? (
                <p className="px-2.5 text-sm text-zinc-500 dark:text-zinc-400">Loading your conversations…</p>
              ) : entries.length === 0 ? (
                <p className="px-2.5 text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-conversations">
                  No conversations yet. Write to a contact from your buddy list, or start one with “New message”.
                </p>
              ) : (
                <ul className="grid grid-cols-1 gap-0.5" data-testid="conversation-list">
                  {entries.map((entry) =>
                    entry.kind === "group" ? (
                      <GroupItem
                        key={`group:${entry.group.id}`}
                        group={entry.group}
                        me={me}
                        selected={entry.group.id === selectedGroup}
                        typing={groups.typing.get(entry.group.id) ?? []}
                      />
                    ) : (
                      <ConversationItem
                        key={entry.conversation.peer}
                        conversation={entry.conversation}
                        selected={entry.conversation.peer === selected}
                        typing={typing.has(entry.conversation.peer)}
                        tone={toneOf(entry.conversation.peer)}
                      />
                    ),
                  )}
                </ul>
              )}
            </section>
          </>
        )}
      </div>
      <DesktopNotificationsToggle />
    </div>
  );
}
