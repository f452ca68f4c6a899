"use client";
// The tab's client (its one connection and the stores fed from it) as React context, and the
// hooks that read it. `<SocketProvider>` (components/providers) creates one per signed-in layout.
import { createContext, useContext } from "react";
import { type BuddyListStore, createBuddyListStore } from "@/lib/client/buddy-list/buddy-list-store";
import { type Connection, createConnection } from "@/lib/client/connection/connection";
import { createGroupClient, type GroupClient } from "@/lib/client/groups/group-client";
import { createInboxClient, type InboxClient } from "@/lib/client/im/inbox-client";
import { createPeerPresence, type PeerPresenceStore } from "@/lib/client/presence/peer-presence";
import { createPrivacyStore, type PrivacyStore } from "@/lib/client/privacy/privacy-store";

export type Client = {
  connection: Connection;
  buddyList: BuddyListStore;
  privacy: PrivacyStore;
  inbox: InboxClient;
  groups: GroupClient;
  peers: PeerPresenceStore;
};

export const ClientContext = createContext<Client | null>(null);

export const createClient = (): Client => {
  const connection = createConnection();
  return {
    connection,
    buddyList: createBuddyListStore(),
    privacy: createPrivacyStore(),
    inbox: createInboxClient(connection.socket),
    groups: createGroupClient(connection.socket),
    peers: createPeerPresence(connection.socket),
  };
};

function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) throw new Error("This component must be used inside <SocketProvider>");
  return client;
}

export function useConnection(): Connection {
  return useClient().connection;
}

export function useBuddyListStore(): BuddyListStore {
  return useClient().buddyList;
}

export function usePrivacyStore(): PrivacyStore {
  return useClient().privacy;
}

export function useInboxClient(): InboxClient {
  return useClient().inbox;
}

export function usePeerPresenceStore(): PeerPresenceStore {
  return useClient().peers;
}

export function useGroupClient(): GroupClient {
  return useClient().groups;
}
