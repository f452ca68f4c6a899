"use client";
// Owns the tab's connection, buddy list, privacy and inbox state for the lifetime of the signed-in
// layout and shares them through context. Listeners are attached and the socket opened in one
// effect, detached and closed in its cleanup: safe under StrictMode.
import { createContext, useContext, useEffect, useState } from "react";
import { type BuddyListStore, createBuddyListStore, feedBuddyList } from "@/lib/client/buddy-list-store";
import { type Connection, createConnection } from "@/lib/client/connection";
import { reportIdle } from "@/lib/client/idle-reporter";
import { createInboxClient, type InboxClient } from "@/lib/client/inbox-client";
import { feedPrivacy } from "@/lib/client/privacy-feed";
import { createPrivacyStore, type PrivacyStore } from "@/lib/client/privacy-store";

type Client = { connection: Connection; buddyList: BuddyListStore; privacy: PrivacyStore; inbox: InboxClient };

const ClientContext = createContext<Client | null>(null);

const createClient = (): Client => {
  const connection = createConnection();
  return {
    connection,
    buddyList: createBuddyListStore(),
    privacy: createPrivacyStore(),
    inbox: createInboxClient(connection.socket),
  };
};

export function SocketProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(createClient);
  useEffect(() => {
    const { connection, buddyList, privacy, inbox } = client;
    const detach = feedBuddyList(connection.socket, buddyList);
    const detachPrivacy = feedPrivacy(connection.socket, privacy);
    const detachInbox = inbox.attach();
    const stopIdleReports = reportIdle(connection.socket);
    connection.open();
    return () => {
      stopIdleReports();
      detachInbox();
      detachPrivacy();
      detach();
      connection.close();
    };
  }, [client]);
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
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
