"use client";
import { useSyncExternalStore } from "react";
import type { ConnectionState } from "@/lib/client/connection/connection";
import { useConnection } from "@/lib/client/react/client-context";

const SERVER_STATE: ConnectionState = { status: "connecting" };

/** The live state of this tab's socket: connected, reconnecting, offline… */
export function useConnectionState(): ConnectionState {
  const connection = useConnection();
  return useSyncExternalStore(connection.subscribe, connection.getState, () => SERVER_STATE);
}
