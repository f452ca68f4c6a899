"use client";
// Owns the tab's connection, buddy list, privacy, inbox and followed peers for the lifetime of
// the signed-in layout and shares them through context. Listeners are attached and the socket
// opened in one effect, detached and closed in its cleanup: safe under StrictMode. When the
// session ends, the stores are emptied and the tab leaves for the sign-in page; meanwhile
// nothing of the account is rendered.
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { SessionEnded } from "@/components/shell/session-ended";
import { type BuddyListStore, createBuddyListStore, feedBuddyList } from "@/lib/client/buddy-list/buddy-list-store";
import { type Connection, createConnection } from "@/lib/client/connection/connection";
import { reportIdle } from "@/lib/client/presence/idle-reporter";
import { createInboxClient, type InboxClient } from "@/lib/client/im/inbox-client";
import { createPeerPresence, type PeerPresenceStore } from "@/lib/client/presence/peer-presence";
import { feedPrivacy } from "@/lib/client/privacy/privacy-feed";
import { createPrivacyStore, type PrivacyStore } from "@/lib/client/privacy/privacy-store";
import { leaveWhenSessionEnds } from "@/lib/client/connection/session-end";

type Client = {
  connection: Connection;
  buddyList: BuddyListStore;
  privacy: PrivacyStore;
  inbox: InboxClient;
  peers: PeerPresenceStore;
};

const ClientContext = createContext<Client | null>(null);

const createClient = (): Client => {
  const connection = createConnection();
  return {
    connection,
    buddyList: createBuddyListStore(),
    privacy: createPrivacyStore(),
    inbox: createInboxClient(connection.socket),
    peers: createPeerPresence(connection.socket),
  };
};

const signedOutOnServer = () => false;

export function SocketProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(createClient);
  useEffect(() => {
    const { connection, buddyList, privacy, inbox, peers } = client;
    const detach = feedBuddyList(connection.socket, buddyList);
    const detachPrivacy = feedPrivacy(connection.socket, privacy);
    const detachInbox = inbox.attach();
    const detachPeers = peers.attach();
    const stopIdleReports = reportIdle(connection.socket);
    const stopLeaving = leaveWhenSessionEnds(connection, {
      clear() {
        buddyList.reset();
        privacy.dispatch({ type: "reset" });
        inbox.reset();
        peers.reset();
      },
      leave: (path) => window.location.replace(path),
    });
    connection.open();
    return () => {
      stopLeaving();
      stopIdleReports();
      detachPeers();
      detachInbox();
      detachPrivacy();
      detach();
      connection.close();
    };
  }, [client]);
  const signedOut = useSyncExternalStore(
    client.connection.subscribe,
    () => client.connection.getState().status === "signed-out",
    signedOutOnServer,
  );
  return <ClientContext.Provider value={client}>{signedOut ? <SessionEnded /> : children}</ClientContext.Provider>;
}

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
