"use client";
// Group conversations as the views need them: the live state, and one group's summary, timeline
// and loading (the newest page when it opens, again after a reconnect; older pages on demand).
import { useCallback, useEffect, useMemo, useSyncExternalStore } from "react";
import { type GroupsState, initialGroupsState } from "@/lib/client/groups/group-state";
import { groupTimeline } from "@/lib/client/groups/group-view";
import { useGroupClient } from "@/lib/client/react/client-context";
import { useConnectionState } from "./use-connection-state";

const serverState = () => initialGroupsState;

export function useGroups(): GroupsState {
  const { store } = useGroupClient();
  return useSyncExternalStore(store.subscribe, store.getState, serverState);
}

export function useGroupConversation(groupId: string) {
  const client = useGroupClient();
  const { groups, histories, outbox, typing, loaded } = useGroups();
  const connection = useConnectionState();
  const connected = connection.status === "connected";
  const me = connection.session?.user.username ?? "";
  const summary = groups.find((group) => group.id === groupId) ?? null;
  const history = histories.get(groupId);
  // Only a group I am in (or asked to join) has a history to load.
  const needsNewest = summary !== null && (history === undefined || history.stale);

  useEffect(() => {
    if (connected && needsNewest) void client.history.loadNewest(groupId);
  }, [client, groupId, connected, needsNewest]);

  const messages = history?.messages;
  const timeline = useMemo(() => groupTimeline(messages ?? [], outbox, groupId, me), [messages, outbox, groupId, me]);
  const loadOlder = useCallback(() => void client.history.loadOlder(groupId), [client, groupId]);
  const reload = useCallback(() => void client.history.loadNewest(groupId), [client, groupId]);

  return {
    loaded,
    me,
    summary,
    timeline,
    phase: history?.phase ?? "loading",
    hasMore: history?.hasMore ?? false,
    loadingOlder: history?.loadingOlder ?? false,
    error: history?.error ?? null,
    typing: typing.get(groupId) ?? [],
    loadOlder,
    reload,
  };
}
