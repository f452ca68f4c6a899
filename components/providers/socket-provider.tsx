"use client";
// Owns the tab's connection for the lifetime of the signed-in layout and shares it through
// context. Connect in an effect and disconnect in its cleanup: safe under StrictMode.
import { createContext, useContext, useEffect, useState } from "react";
import { type Connection, createConnection } from "@/lib/client/connection";

const ConnectionContext = createContext<Connection | null>(null);

export function SocketProvider({ children }: { children: React.ReactNode }) {
  const [connection] = useState(createConnection);
  useEffect(() => {
    connection.open();
    return () => connection.close();
  }, [connection]);
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error("useConnection must be used inside <SocketProvider>");
  return connection;
}
