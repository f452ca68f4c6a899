"use client";
// Search my history (`im:search` and `groupchat:search`: every word, the last as a prefix). Each
// result names its conversation or group, links to the message in it, and marks the words
// searched for. Group results come after one-to-one ones, paged on their own (their seqs are a
// space of their own).
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Label } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { SearchIcon, XIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { listTime } from "@/lib/client/format/message-time";
import { useCommand } from "@/lib/client/react/use-command";
import { useNow } from "@/lib/client/react/use-now";
import { memberName } from "@/components/groups/group-item";
import { groupPath } from "@/lib/client/groups/group-view";
import { HighlightedText } from "./highlighted-text";
import type { ConversationSummary, InstantMessage } from "@/lib/protocol";
import type { GroupMessageView, GroupSummary } from "@/lib/protocol/groups";

export type SearchResults = {
  query: string;
  messages: InstantMessage[];
  hasMore: boolean;
  groupMessages: GroupMessageView[];
  groupsHaveMore: boolean;
};

const PAGE = 20;

export function MessageSearchForm({ onResults }: { onResults: (results: SearchResults | null) => void }) {
  const search = useCommand("im:search");
  const searchGroups = useCommand("groupchat:search");
  const [query, setQuery] = useState("");
  return (
    <div className="grid gap-2">
      <form
        role="search"
        aria-label="Search messages"
        className="flex gap-2"
        onSubmit={async (event) => {
          event.preventDefault();
          if (query.trim() === "") return;
          const [ack, inGroups] = await Promise.all([search.run({ query, limit: PAGE }), searchGroups.run({ query, limit: PAGE })]);
          if (!ack.ok) return;
          onResults({
            query,
            ...ack.data,
            groupMessages: inGroups.ok ? inGroups.data.messages : [],
            groupsHaveMore: inGroups.ok && inGroups.data.hasMore,
          });
        }}
      >
        {/* The field's box is the form's own flex row: input and button side by side. */}
        <Field className="contents">
          <Label className="sr-only">Search messages</Label>
          <Input type="search" placeholder="Search messages" value={query} onChange={(event) => setQuery(event.target.value)} />
        </Field>
        <Button type="submit" variant="outline" size="icon" aria-label="Search" disabled={search.pending || searchGroups.pending || query.trim() === ""}>
          <SearchIcon />
        </Button>
      </form>
      <FormError error={search.error ?? searchGroups.error} />
    </div>
  );
}

type ResultsProps = {
  results: SearchResults;
  conversations: ConversationSummary[];
  groups: GroupSummary[];
  onMore: (results: SearchResults) => void;
  onClose: () => void;
};

export function MessageSearchResults({ results, conversations, groups, onMore, onClose }: ResultsProps) {
  const more = useCommand("im:search");
  const moreInGroups = useCommand("groupchat:search");
  const now = useNow();
  const nameOf = (peer: string) => conversations.find((conversation) => conversation.peer === peer)?.displayName ?? peer;
  const count = results.messages.length + results.groupMessages.length;
  const summary = `${count === 0 ? "No messages found" : `${count}${results.hasMore || results.groupsHaveMore ? "+" : ""} found`} for “${results.query}”`;
  /** "alice in Lunch", "You in Lunch": the group as my list names it. */
  const groupLabel = (message: GroupMessageView) => {
    const group = groups.find((candidate) => candidate.id === message.groupId);
    const title = group?.title ?? "a group";
    return `${message.direction === "outgoing" ? "You" : group ? memberName(group, message.sender) : message.sender} in ${title}`;
  };
  return (
    <section aria-labelledby="search-results-title" className="grid grid-cols-1 gap-2" data-testid="search-results">
      <p role="status" className="sr-only">
        {summary}
      </p>
      <div className="flex items-center justify-between gap-2 px-1">
        <h2 id="search-results-title" className="text-sm font-semibold">
          {summary}
        </h2>
        <Button variant="ghost" size="sm" onClick={onClose}>
          <XIcon />
          Clear
        </Button>
      </div>
      <ul className="grid grid-cols-1 gap-1">
        {results.messages.map((message) => (
          <li key={message.id}>
            <Link
              href={`/messages/${encodeURIComponent(message.peer)}?at=${message.seq}`}
              className="grid grid-cols-1 gap-0.5 rounded-lg px-2.5 py-2 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800/70"
            >
              <span className="flex items-baseline justify-between gap-2">
                <span className="truncate font-medium">{message.direction === "outgoing" ? `You → ${nameOf(message.peer)}` : nameOf(message.peer)}</span>
                {now > 0 ? <time dateTime={message.sentAt} className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">{listTime(message.sentAt, new Date(now))}</time> : null}
              </span>
              <span className="line-clamp-2 text-zinc-600 dark:text-zinc-300">
                <HighlightedText text={message.body} query={results.query} />
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {results.hasMore ? (
        <Button
          variant="ghost"
          size="sm"
          disabled={more.pending}
          onClick={async () => {
            const ack = await more.run({ query: results.query, limit: PAGE, beforeSeq: results.messages.at(-1)?.seq });
            if (ack.ok) onMore({ ...results, messages: [...results.messages, ...ack.data.messages], hasMore: ack.data.hasMore });
          }}
        >
          More results
        </Button>
      ) : null}
      <FormError error={more.error} />
      {results.groupMessages.length > 0 ? (
        <>
          <h3 className="px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">In groups</h3>
          <ul className="grid grid-cols-1 gap-1" data-testid="group-search-results">
            {results.groupMessages.map((message) => (
              <li key={message.id}>
                <Link
                  href={`${groupPath(message.groupId)}?at=${message.seq}`}
                  className="grid grid-cols-1 gap-0.5 rounded-lg px-2.5 py-2 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800/70"
                >
                  <span className="flex items-baseline justify-between gap-2">
                    <span className="truncate font-medium">{groupLabel(message)}</span>
                    {now > 0 ? <time dateTime={message.sentAt} className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">{listTime(message.sentAt, new Date(now))}</time> : null}
                  </span>
                  <span className="line-clamp-2 text-zinc-600 dark:text-zinc-300">
                    <HighlightedText text={message.body} query={results.query} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {results.groupsHaveMore ? (
        <Button
          variant="ghost"
          size="sm"
          disabled={moreInGroups.pending}
          onClick={async () => {
            const ack = await moreInGroups.run({ query: results.query, limit: PAGE, beforeSeq: results.groupMessages.at(-1)?.seq });
            if (ack.ok) onMore({ ...results, groupMessages: [...results.groupMessages, ...ack.data.messages], groupsHaveMore: ack.data.hasMore });
          }}
        >
          More group results
        </Button>
      ) : null}
      <FormError error={moreInGroups.error} />
    </section>
  );
}
