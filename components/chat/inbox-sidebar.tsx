"use client";
// The INBOX USER AGENT's list: search, a new conversation, message requests, then my
// conversations, newest first.
import { useState } from "react";
import { splitConversations } from "@/lib/client/im/inbox-view";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useInbox } from "@/lib/client/react/use-inbox";
import { ConversationItem } from "./conversation-item";
import { DesktopNotificationsToggle } from "./desktop-notifications-toggle";
import { MessageRequests } from "./message-requests";
import { MessageSearchForm, MessageSearchResults, type SearchResults } from "./message-search";
import { NewMessageForm } from "./new-message-form";

export function InboxSidebar({ selected }: { selected: string | null }) {
  const { loaded, conversations, typing } = useInbox();
  const { contacts } = useBuddyList();
  const [results, setResults] = useState<SearchResults | null>(null);
  const { accepted, requests } = splitConversations(conversations);
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
          <MessageSearchResults results={results} conversations={conversations} onMore={setResults} onClose={() => setResults(null)} />
        ) : (
          <>
            <MessageRequests requests={requests} selected={selected} />
            <section aria-labelledby="conversations-title" className="grid grid-cols-1 gap-1">
              <h2 id="conversations-title" className="px-2.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
                Conversations
              </h2>
              {!loaded ? (
                <p className="px-2.5 text-sm text-zinc-500 dark:text-zinc-400">Loading your conversations…</p>
              ) : accepted.length === 0 ? (
                <p className="px-2.5 text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-conversations">
                  No conversations yet. Write to a contact from your buddy list, or start one with “New message”.
                </p>
              ) : (
                <ul className="grid grid-cols-1 gap-0.5" data-testid="conversation-list">
                  {accepted.map((conversation) => (
                    <ConversationItem
                      key={conversation.peer}
                      conversation={conversation}
                      selected={conversation.peer === selected}
                      typing={typing.has(conversation.peer)}
                      tone={toneOf(conversation.peer)}
                    />
                  ))}
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
