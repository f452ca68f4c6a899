"use client";
// One conversation: who it is with, the history, whether they are typing, the composer. Marks
// it read while visible. A message request shows its answers above the history. A skip link,
// first in the tab order, goes straight to the composer past the header and the history.
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useInboxClient } from "@/lib/client/react/client-context";
import { FormError } from "@/components/ui/form-error";
import { useCommand } from "@/lib/client/react/use-command";
import { useConversation } from "@/lib/client/react/use-conversation";
import { useMarkRead } from "@/lib/client/react/use-mark-read";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import { useDeliveryNotice } from "@/lib/client/react/use-delivery-notice";
import { usePeerPresence } from "@/lib/client/react/use-peer-presence";
import { changeWindowOpen } from "@/lib/protocol/message-changes";
import { useNow } from "@/lib/client/react/use-now";
import { Composer, type ComposerMode } from "./composer";
import { ConversationHeader } from "./conversation-header";
import { MessageHistory } from "./message-history";
import { RequestActions } from "./request-actions";
import { TypingIndicator } from "./typing-indicator";

type Props = { peer: string; /** A message to show (from search), by seq. */ jumpTo: number | null };

export function ConversationView({ peer, jumpTo }: Props) {
  const inbox = useInboxClient();
  const router = useRouter();
  const titleId = useId();
  const composerId = `${titleId}-composer`;
  const refuses = useDeliveryNotice(peer);
  const status = useConnectionState().status;
  const conversation = useConversation(peer);
  const { summary, timeline } = conversation;
  const presence = usePeerPresence(peer);
  const remove = useCommand("im:delete");
  const name = summary?.displayName ?? presence.view?.displayName ?? peer;
  const newestIncoming = timeline.findLast((message) => message.direction === "incoming" && message.seq !== null);
  useMarkRead(peer, summary?.lastReadSeq ?? null, newestIncoming?.seq ?? null, summary?.markedUnread ?? false);

  const [found, setFound] = useState<number | null>(null);
  useEffect(() => {
    if (jumpTo === null) return;
    let current = true;
    void inbox.history.loadBackTo(peer, jumpTo).then((loaded) => {
      if (current && loaded) setFound(jumpTo);
    });
    return () => {
      current = false;
    };
  }, [inbox, peer, jumpTo]);

  // A reply's quote was clicked: load back to its target, bring it into view, mark it briefly.
  const [quoted, setQuoted] = useState<number | null>(null);
  useEffect(() => {
    if (quoted === null) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void inbox.history.loadBackTo(peer, quoted).then((loaded) => {
      if (!current || !loaded) return;
      setFound(quoted);
      timer = setTimeout(() => {
        setFound((shown) => (shown === quoted ? null : shown));
        setQuoted(null);
      }, 2_000);
    });
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [inbox, peer, quoted]);

  const [mode, setMode] = useState<ComposerMode>(null);
  const [changeError, setChangeError] = useState<string | null>(null);
  const now = useNow();
  const lastEditable =
    timeline.findLast((message) => message.direction === "outgoing" && message.id !== null && !message.retracted && changeWindowOpen(message.sentAt, now)) ??
    null;
  const change = (result: Promise<{ ok: true } | { ok: false; error: { message: string } }>) =>
    void result.then((answer) => setChangeError(answer.ok ? null : answer.error.message));

  return (
    <section aria-labelledby={titleId} className="relative flex h-full min-h-0 flex-col" data-testid="conversation" data-peer={peer}>
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
      <ConversationHeader peer={peer} name={name} titleId={titleId} presence={presence} canDelete={summary !== null} conversation={summary} />
      {summary?.state === "request" ? (
        <div className="grid gap-2 border-b border-zinc-200 bg-brand/5 px-4 py-3 text-sm dark:border-zinc-800 dark:bg-indigo-400/5" data-testid="request-banner">
          <p>
            <strong className="font-semibold">{name} is not in your contacts.</strong> Accept to move this to your
            conversations (replying accepts too). {name} is not told whether you accept, decline or block.
          </p>
          <RequestActions peer={peer} name={name} onAnswered={(action) => action !== "accept" && router.push("/messages")} />
        </div>
      ) : null}
      <MessageHistory
        peerName={name}
        peer={peer}
        messages={timeline}
        phase={conversation.phase}
        hasMore={conversation.hasMore}
        loadingOlder={conversation.loadingOlder}
        error={conversation.error}
        highlightSeq={found}
        onLoadOlder={conversation.loadOlder}
        onReload={conversation.reload}
        onDelete={(id) => void remove.run({ ids: [id] })}
        onReply={(message) => setMode({ kind: "reply", message })}
        onEdit={(message) => setMode({ kind: "edit", message })}
        onRetract={(id) => change(inbox.changes.retract(id))}
        onReact={(id, emoji, on) => change(inbox.changes.react(id, emoji, on))}
        onJump={setQuoted}
        onRetry={inbox.outbox.retry}
        onDiscard={inbox.outbox.discard}
      />
      <FormError error={remove.error} className="mx-3" />
      {changeError ? (
        <p role="alert" className="mx-3 text-xs font-medium text-busy">
          {changeError}
        </p>
      ) : null}
      <TypingIndicator name={name} typing={conversation.peerTyping} />
      {/* New messages from them, read out as they arrive (the list itself is not live: loading older pages must not be read out). */}
      <p aria-live="polite" className="sr-only">
        {newestIncoming ? `${name}: ${newestIncoming.body}` : ""}
      </p>
      <Composer
        key={peer}
        peer={peer}
        peerName={name}
        fieldId={composerId}
        refuses={refuses}
        offline={status === "offline" || status === "reconnecting"}
        onSend={(body, options) => inbox.outbox.answered(inbox.outbox.send(peer, body, options))}
        mode={mode}
        onModeChange={setMode}
        onEdit={(id, body) => change(inbox.changes.edit(id, body))}
        lastEditable={lastEditable}
      />
    </section>
  );
}
