"use client";
import { useEffect, useSyncExternalStore } from "react";
import { initialPrivacyState, type PrivacyState } from "@/lib/client/privacy/privacy-store";
import { usePrivacyStore } from "@/lib/client/react/client-context";

const serverState = () => initialPrivacyState;

/** My privacy settings and watcher information, live in every tab. */
export function usePrivacy(): PrivacyState {
  const store = usePrivacyStore();
  return useSyncExternalStore(store.subscribe, store.getState, serverState);
}

/** The same, and keeps watcher information fetched and fresh while the caller is mounted. */
export function useWatcherInformation(): PrivacyState {
  const store = usePrivacyStore();
  useEffect(() => store.wantWatchers(), [store]);
  return usePrivacy();
}
