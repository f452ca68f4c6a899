"use client";
// A conversation partner's presence for the conversation header: live from the buddy list for
// a contact; for anyone else fetched once (`presence:fetch`, as far as they share it) when
// the conversation opens.
import { useEffect, useState } from "react";
import { sendCommand } from "@/lib/client/commands";
import type { PresenceView } from "@/lib/protocol";
import { useBuddyList } from "./use-buddy-list";
import { useSocket } from "./use-socket";

export type PeerPresence = { view: PresenceView | null; live: boolean };

export function usePeerPresence(peer: string): PeerPresence {
  const socket = useSocket();
  const { loaded, contacts } = useBuddyList();
  const contact = contacts.find((candidate) => candidate.username === peer);
  const isContact = contact !== undefined;
  const [fetched, setFetched] = useState<{ peer: string; view: PresenceView | null } | null>(null);

  useEffect(() => {
    // Wait for the buddy list to know whether they are a contact: a contact needs no fetch.
    if (!loaded || isContact) return;
    let current = true;
    void sendCommand(socket, "presence:fetch", { username: peer }).then((ack) => {
      if (current) setFetched({ peer, view: ack.ok ? ack.data : null });
    });
    return () => {
      current = false;
    };
  }, [socket, peer, loaded, isContact]);

  if (contact) return { view: contact.presence, live: true };
  return { view: fetched?.peer === peer ? fetched.view : null, live: false };
}
