"use client";
import { useSyncExternalStore } from "react";
import { type InboxState, initialInboxState } from "@/lib/client/im/inbox-state";
import { useInboxClient } from "@/lib/client/react/client-context";

const serverState = () => initialInboxState;

/** The live inbox: conversations with unread counts, loaded histories, the outbox, who is typing. */
export function useInbox(): InboxState {
  const { store } = useInboxClient();
  return useSyncExternalStore(store.subscribe, store.getState, serverState);
}
