"use client";
// One conversation as its view needs it: the summary, the timeline (history and outbox), and
// loading — the newest page when it opens (again after a reconnect), older pages on demand.
import { useCallback, useEffect, useMemo } from "react";
import { timelineOf } from "@/lib/client/im/inbox-view";
import { useInboxClient } from "@/lib/client/react/client-context";
import { useConnectionState } from "./use-connection-state";
import { useInbox } from "./use-inbox";

export function useConversation(peer: string) {
  const inbox = useInboxClient();
  const { conversations, histories, outbox, typing } = useInbox();
  const connected = useConnectionState().status === "connected";
  const history = histories.get(peer);
  const summary = conversations.find((conversation) => conversation.peer === peer) ?? null;
  const needsNewest = history === undefined || history.stale;

  useEffect(() => {
    if (connected && needsNewest) void inbox.history.loadNewest(peer);
  }, [inbox, peer, connected, needsNewest]);

  const messages = history?.messages;
  const timeline = useMemo(() => timelineOf(messages ?? [], outbox, peer), [messages, outbox, peer]);
  const loadOlder = useCallback(() => void inbox.history.loadOlder(peer), [inbox, peer]);
  const reload = useCallback(() => void inbox.history.loadNewest(peer), [inbox, peer]);

  return {
    summary,
    timeline,
    phase: history?.phase ?? "loading",
    hasMore: history?.hasMore ?? false,
    loadingOlder: history?.loadingOlder ?? false,
    error: history?.error ?? null,
    peerTyping: typing.has(peer),
    loadOlder,
    reload,
  };
}
