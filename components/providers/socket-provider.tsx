"use client";
// Owns the tab's connection and buddy list for the lifetime of the signed-in layout and shares
// them through context. Listeners are attached and the socket opened in one effect, detached
// and closed in its cleanup: safe under StrictMode.
import { createContext, useContext, useEffect, useState } from "react";
import { type BuddyListStore, createBuddyListStore, feedBuddyList } from "@/lib/client/buddy-list-store";
import { type Connection, createConnection } from "@/lib/client/connection";
import { reportIdle } from "@/lib/client/idle-reporter";

type Client = { connection: Connection; buddyList: BuddyListStore };

const ClientContext = createContext<Client | null>(null);

const createClient = (): Client => ({ connection: createConnection(), buddyList: createBuddyListStore() });

export function SocketProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(createClient);
  useEffect(() => {
    const { connection, buddyList } = client;
    const detach = feedBuddyList(connection.socket, buddyList);
    const stopIdleReports = reportIdle(connection.socket);
    connection.open();
    return () => {
      stopIdleReports();
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
