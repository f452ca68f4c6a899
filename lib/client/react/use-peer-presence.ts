"use client";
// A conversation partner's presence for the conversation header, live either way: from the
// buddy list for a contact; for anyone else followed (`presence:fetch { follow: true }`, as
// far as they share it) while the conversation is open.
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { usePeerPresenceStore } from "@/lib/client/react/client-context";
import type { PresenceView } from "@/lib/protocol";
import { useBuddyList } from "./use-buddy-list";

export type PeerPresence = { view: PresenceView | null };

const nothingOnServer = () => undefined;

export function usePeerPresence(peer: string): PeerPresence {
  const peers = usePeerPresenceStore();
  const { loaded, contacts } = useBuddyList();
  const contact = contacts.find((candidate) => candidate.username === peer);
  const isContact = contact !== undefined;
  const followed = useSyncExternalStore(
    peers.subscribe,
    useCallback(() => peers.get(peer), [peers, peer]),
    nothingOnServer,
  );

  useEffect(() => {
    // Wait for the buddy list to know whether they are a contact: a contact is live already.
    if (!loaded || isContact) return;
    return peers.follow(peer);
  }, [peers, peer, loaded, isContact]);

  if (contact) return { view: contact.presence };
  return { view: followed?.view ?? null };
}
