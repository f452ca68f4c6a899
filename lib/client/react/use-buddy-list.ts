"use client";
import { useSyncExternalStore } from "react";
import { type BuddyListState, initialBuddyListState } from "@/lib/client/buddy-list/buddy-list-store";
import { useBuddyListStore } from "@/lib/client/react/client-context";

const serverState = () => initialBuddyListState;

/** The live buddy list: me, contacts with their presence, incoming requests, groups. */
export function useBuddyList(): BuddyListState {
  const store = useBuddyListStore();
  return useSyncExternalStore(store.subscribe, store.getState, serverState);
}
