"use client";
// One group conversation: the header, a request banner while I have not accepted, the
// messages, who is typing, the composer (the same as one-to-one: replies, edits, attachments).
// Marks the group read while visible; the "new messages" divider stays where it was when the
// group was opened. A skip link goes straight to the composer.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Composer, type ComposerMode } from "@/components/chat/composer";
import { unreadDividerKey, type GroupTimelineMessage, typingText } from "@/lib/client/groups/group-view";
import { useGroupClient } from "@/lib/client/react/client-context";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import { useGroupConversation } from "@/lib/client/react/use-groups";
import { useNow } from "@/lib/client/react/use-now";
import { usePageVisible } from "@/lib/client/react/use-page-visible";
import { changeWindowOpen } from "@/lib/protocol/message-changes";
import { GroupHeader } from "./group-header";
import { memberName } from "./group-item";
import { GroupMessageHistory } from "./group-message-history";
import { adderOf } from "./group-requests";
import { GroupRequestActions } from "./group-request-actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import type { ProtocolError } from "@/lib/protocol";

/** A group I left or was removed from: its history up to then stays until I delete it. */
function LeftBanner({ groupId }: { groupId: string }) {
  const client = useGroupClient();
  const router = useRouter();
  const [error, setError] = useState<ProtocolError | null>(null);
  return (
    <div className="grid gap-2 border-b border-zinc-200 bg-zinc-50 px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-800/40" data-testid="group-left-banner">
      <p>You are no longer in this group. Its messages up to then stay here until you delete it.</p>
      <Button
        size="sm"
        variant="outline"
        className="justify-self-start"
        onClick={async () => {
          const ack = await client.command("delete", { groupId });
          setError(ack.ok ? null : ack.error);
          if (!ack.ok) return;
          client.store.dispatch({ type: "removed", groupId });
          router.push("/messages");
        }}
      >
        Delete from my list
      </Button>
      <FormError error={error} />
    </div>
  );
}

type Props = { groupId: string; /** A message to show (from search), by seq. */ jumpTo?: number | null };

export function GroupConversationView({ groupId, jumpTo = null }: Props) {
  const client = useGroupClient();
  const router = useRouter();
  const titleId = useId();
  const composerId = `${titleId}-composer`;
  const status = useConnectionState().status;
  const conversation = useGroupConversation(groupId);
  const { summary, timeline, me } = conversation;
  const nameOf = (username: string) => (summary ? memberName(summary, username) : username);
  const visible = usePageVisible();

  // The divider stays where it was when the group opened, as it is read.
  const [divider, setDivider] = useState<{ ready: boolean; key: string | null }>({ ready: false, key: null });
  if (!divider.ready && summary && conversation.phase === "ready") {
    setDivider({ ready: true, key: unreadDividerKey(timeline, summary.markedUnread ? null : summary.lastReadSeq) });
  }

  // Mark read up to the newest message while visible (not a request: that sends nothing back).
  const newestSeq = timeline.findLast((message) => message.seq !== null)?.seq ?? null;
  const member = summary !== null && summary.state !== "request";
  // Opening a group marked unread clears the mark; marking it unread while it stays open keeps
  // it (until a new message is read), as for one-to-one conversations.
  const opened = useRef(false);
  const unreadMessages = summary !== null && newestSeq !== null && newestSeq > summary.lastReadSeq;
  const markedUnread = summary?.markedUnread ?? false;
  useEffect(() => {
    if (!visible || !member || newestSeq === null) return;
    const opening = !opened.current;
    opened.current = true;
    if (unreadMessages || (opening && markedUnread)) void client.markRead(groupId, newestSeq);
  }, [client, groupId, visible, member, unreadMessages, markedUnread, newestSeq]);

  const [mode, setMode] = useState<ComposerMode>(null);
  const [changeError, setChangeError] = useState<string | null>(null);
  const [found, setFound] = useState<number | null>(null);
  useEffect(() => {
    if (jumpTo === null) return;
    let current = true;
    void client.history.loadBackTo(groupId, jumpTo).then((loaded) => {
      if (current && loaded) setFound(jumpTo);
    });
    return () => {
      current = false;
    };
  }, [client, groupId, jumpTo]);
  const now = useNow();
  const lastEditable =
    timeline.findLast((message) => message.direction === "outgoing" && message.id !== null && message.event === null && !message.retracted && changeWindowOpen(message.sentAt, now)) ??
    null;
  const change = (result: Promise<{ ok: true } | { ok: false; error: { message: string } }>) =>
    void result.then((answer) => setChangeError(answer.ok ? null : answer.error.message));
  const newestIncoming = timeline.findLast((message) => message.direction === "incoming" && message.event === null && !message.hidden);
  const typers = conversation.typing.map(nameOf);

  if (!summary) {
    return (
      <section className="m-auto grid max-w-xs gap-2 p-6 text-center text-sm text-zinc-600 dark:text-zinc-300" data-testid="group-missing">
        <p>{conversation.loaded ? "This group is not in your conversations (you may have left it)." : "Loading…"}</p>
      </section>
    );
  }

  return (
    <section aria-labelledby={titleId} className="relative flex h-full min-h-0 flex-col" data-testid="group-conversation" data-group={groupId}>
      <a
        href={`#${composerId}`}
        className="sr-only z-10 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand shadow-md ring-2 ring-brand focus:not-sr-only focus:absolute focus:top-2 focus:left-2 dark:bg-zinc-900 dark:text-indigo-300"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById(composerId)?.focus();
        }}
      >
        Skip to message composer
      </a>
      <GroupHeader group={summary} me={me} titleId={titleId} />
      {summary.state === "request" ? (
        <div className="grid gap-2 border-b border-zinc-200 bg-brand/5 px-4 py-3 text-sm dark:border-zinc-800 dark:bg-indigo-400/5" data-testid="group-request-banner">
          <p>
            <strong className="font-semibold">{adderOf(summary, me) ?? "Someone"} added you to this group.</strong> Accept to join it; nobody is
            told whether you decline or block.
          </p>
          <GroupRequestActions
            groupId={groupId}
            title={summary.title}
            adder={adderOf(summary, me)}
            onAnswered={(action) => action !== "accept" && router.push("/messages")}
          />
        </div>
      ) : null}
      {summary.state === "left" ? <LeftBanner groupId={groupId} /> : null}
      <GroupMessageHistory
        title={summary.title}
        me={me}
        nameOf={nameOf}
        messages={timeline}
        phase={conversation.phase}
        hasMore={conversation.hasMore}
        loadingOlder={conversation.loadingOlder}
        error={conversation.error}
        dividerKey={divider.key}
        highlightSeq={found}
        onLoadOlder={conversation.loadOlder}
        onReload={conversation.reload}
        onReply={(message: GroupTimelineMessage) => setMode({ kind: "reply", message })}
        onEdit={(message: GroupTimelineMessage) => setMode({ kind: "edit", message })}
        onRetract={(id) => change(client.changes.retract(id))}
        onReact={(id, emoji, on) => change(client.changes.react(id, emoji, on))}
        onJump={(seq) =>
          void client.history.loadBackTo(groupId, seq).then((loaded) => {
            if (loaded) setFound(seq);
          })
        }
        onRetry={client.outbox.retry}
        onDiscard={client.outbox.discard}
      />
      {changeError ? (
        <p role="alert" className="mx-3 text-xs font-medium text-busy">
          {changeError}
        </p>
      ) : null}
      <p role="status" data-testid="typing-indicator" className="flex h-6 shrink-0 items-center px-4 text-xs text-zinc-500 dark:text-zinc-400">
        {typingText(typers)}
      </p>
      <p aria-live="polite" className="sr-only">
        {newestIncoming ? `${nameOf(newestIncoming.sender)}: ${newestIncoming.body}` : ""}
      </p>
      {summary.state === "member" ? (
        <Composer
          key={groupId}
          peer={groupId}
          peerName={summary.title}
          fieldId={composerId}
          refuses={null}
          offline={status === "offline" || status === "reconnecting"}
          onSend={(body, options) => client.outbox.answered(client.outbox.send(groupId, body, options))}
          onTyping={(typing) => void client.command("typing", { groupId, typing })}
          authorOf={(message) => {
            const found = timeline.find((item) => item.key === message.key);
            return found ? nameOf(found.sender) : summary.title;
          }}
          mode={mode}
          onModeChange={setMode}
          onEdit={(id, body) => change(client.changes.edit(id, body))}
          lastEditable={lastEditable}
        />
      ) : null}
    </section>
  );
}
